'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { fieldLabels, leadFields, mappingProblems, type ColumnMapping, type LeadField } from '@/lib/imports/fields';
import type { ImportSummary } from '@/lib/imports/run-import';
import { ApiRequestError, fetchJson } from '@/lib/platform/browser/fetch-json';

type Kind = 'leads' | 'do_not_call';
interface Preview {
  columns: string[];
  rows: string[][];
  delimiter: string;
  hadByteOrderMark: boolean;
  mapping: ColumnMapping;
}
type Stage =
  | { step: 'choose' }
  | { step: 'map'; file: File; preview: Preview }
  | { step: 'running'; file: File; id: string; sent: number; progress: ImportSummary | null }
  | { step: 'done'; result: ImportSummary };

const PREVIEW_BYTES = 256 * 1024;
const REGIONS = ['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'DE', 'FR', 'ES', 'IT', 'NL', 'IN', 'MX', 'BR'];
const delimiterName: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
/** "1 new lead", "980 new leads". */
const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Upload with progress: fetch cannot report upload progress, XMLHttpRequest can. */
function uploadFile(url: string, file: File, onSent: (bytes: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (event) => onSent(event.loaded);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: reported below by status
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () =>
      reject(
        new Error(
          'The connection was lost during the upload. Check your connection and import the file again: nothing was imported twice.',
        ),
      );
    xhr.send(file);
  });
}

export function ImportWizard({ team, timeZone }: { team: { id: string; name: string }[]; timeZone: string }) {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>('leads');
  const [stage, setStage] = useState<Stage>({ step: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [region, setRegion] = useState('US');
  const [zone, setZone] = useState(timeZone);
  const [assign, setAssign] = useState<string>(team.length ? 'round_robin' : 'none');
  const fileInput = useRef<HTMLInputElement>(null);

  const fields: readonly LeadField[] = kind === 'leads' ? leadFields : ['phone'];

  async function choose(file: File | undefined) {
    setError(null);
    if (!file) return;
    if (file.size === 0) return setError('The file is empty. Choose a CSV with a header row and at least one lead.');
    if (file.size > 50 * 1024 * 1024)
      return setError(
        `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; imports take files up to 50 MB and 100,000 rows. Split it into smaller files.`,
      );
    let preview: Preview;
    try {
      preview = await fetchJson<Preview>(`/api/imports/preview?kind=${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: file.slice(0, PREVIEW_BYTES),
      });
    } catch (failure) {
      return setError(
        failure instanceof ApiRequestError
          ? (failure.serverMessage ?? `The server answered ${failure.status}.`)
          : 'Could not reach the server to read the file. Check your connection.',
      );
    }
    setMapping(preview.mapping);
    setStage({ step: 'map', file, preview });
  }

  async function start(file: File) {
    setError(null);
    const id = uuid();
    const options = {
      kind,
      fileName: file.name.slice(0, 200),
      region,
      ...(kind === 'leads'
        ? {
            timeZone: zone,
            assign:
              assign === 'none'
                ? { mode: 'none' }
                : assign === 'round_robin'
                  ? { mode: 'round_robin' }
                  : { mode: 'agent', agentId: assign },
          }
        : {}),
      mapping: Object.fromEntries(Object.entries(mapping).filter(([field, column]) => column && fields.includes(field as LeadField))),
    };
    setStage({ step: 'running', file, id, sent: 0, progress: null });
    let finished = false;
    const poll = async () => {
      while (!finished) {
        await new Promise((resolve) => setTimeout(resolve, 600));
        if (finished) return;
        // A failed poll is skipped: the upload's own answer says how the import ended.
        const answer = await fetchJson<{ import: ImportSummary }>(`/api/imports/${id}`, { cache: 'no-store' }).catch(() => null);
        if (answer)
          setStage((current) => (current.step === 'running' && current.id === id ? { ...current, progress: answer.import } : current));
      }
    };
    void poll();
    try {
      const { status, body } = await uploadFile(
        `/api/imports?id=${id}&options=${encodeURIComponent(JSON.stringify(options))}`,
        file,
        (sent) => setStage((current) => (current.step === 'running' && current.id === id ? { ...current, sent } : current)),
      );
      finished = true;
      const result = body as { import?: ImportSummary } | null;
      if (status >= 200 && status < 300 && result?.import) {
        setStage({ step: 'done', result: result.import });
        router.refresh();
      } else {
        setError(
          new ApiRequestError(status, body).serverMessage ?? `The import failed (the server answered ${status}). Nothing was imported.`,
        );
        setStage({ step: 'map', file, preview: (stage as Extract<Stage, { step: 'map' }>).preview });
        router.refresh();
      }
    } catch (problem) {
      finished = true;
      setError((problem as Error).message);
      setStage({ step: 'choose' });
    }
  }

  const reset = () => {
    setStage({ step: 'choose' });
    setError(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <section aria-label="Import a file" className="mt-5 rounded-lg border border-slate-200 p-4">
      {error && (
        <p role="alert" className="mb-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      )}

      {stage.step === 'choose' && (
        <div className="flex flex-col gap-4">
          <fieldset className="flex flex-wrap gap-2">
            <legend className="mb-1 text-sm font-medium">What is in the file?</legend>
            {(['leads', 'do_not_call'] as const).map((value) => (
              <label
                key={value}
                className={`flex min-h-11 cursor-pointer items-center rounded-md border px-3 text-sm ${kind === value ? 'border-brand-600 bg-brand-50 font-medium' : 'border-slate-300'}`}
              >
                <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} className="mr-2" />
                {value === 'leads' ? 'Leads' : 'A do-not-call list'}
              </label>
            ))}
          </fieldset>
          <label className="text-sm font-medium">
            CSV file
            <input
              ref={fileInput}
              type="file"
              accept=".csv,.tsv,.txt,text/csv"
              onChange={(event) => void choose(event.target.files?.[0])}
              className="mt-1 block w-full text-sm file:mr-3 file:min-h-11 file:rounded-md file:border-0 file:bg-brand-600 file:px-4 file:text-white"
            />
          </label>
        </div>
      )}

      {stage.step === 'map' && (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-ink-700">
            <strong>{stage.file.name}</strong> ({(stage.file.size / 1024).toFixed(0)} KB): {stage.preview.columns.length} columns separated
            by {delimiterName[stage.preview.delimiter] ?? 'commas'}
            {stage.preview.hadByteOrderMark ? ', with a byte-order mark (handled)' : ''}. Check which column holds what.
          </p>
          <div className="grid gap-3 sm:grid-cols-2">
            {fields.map((field) => (
              <label key={field} className="text-sm">
                {fieldLabels[field]}
                {field === 'phone' || (field === 'firstName' && !mapping.fullName) ? ' *' : ''}
                <select
                  value={mapping[field] ?? ''}
                  onChange={(event) => setMapping({ ...mapping, [field]: event.target.value || undefined })}
                  className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2"
                >
                  <option value="">(not in the file)</option>
                  {stage.preview.columns.map((column) => (
                    <option key={column} value={column}>
                      {column}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-xs" aria-label="The first rows of the file">
              <thead>
                <tr>
                  {stage.preview.columns.map((column) => (
                    <th key={column} scope="col" className="border-b border-slate-200 px-2 py-1 font-medium">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {stage.preview.rows.map((row, index) => (
                  <tr key={index}>
                    {stage.preview.columns.map((_, cell) => (
                      <td key={cell} className="border-b border-slate-100 px-2 py-1">
                        {row[cell]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="grid gap-3 sm:grid-cols-3">
            <label className="text-sm">
              Default region for numbers without +country code
              <select
                value={region}
                onChange={(event) => setRegion(event.target.value)}
                className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2"
              >
                {REGIONS.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </select>
            </label>
            {kind === 'leads' && (
              <>
                <label className="text-sm">
                  Time zone for leads without one
                  <input
                    value={zone}
                    onChange={(event) => setZone(event.target.value)}
                    className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2"
                  />
                </label>
                <label className="text-sm">
                  Assign new leads
                  <select
                    value={assign}
                    onChange={(event) => setAssign(event.target.value)}
                    className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 px-2"
                  >
                    <option value="none">Leave unassigned</option>
                    {team.length > 0 && <option value="round_robin">Round-robin across my team ({team.length})</option>}
                    {team.map((agent) => (
                      <option key={agent.id} value={agent.id}>
                        All to {agent.name}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
          </div>
          {mappingProblems(mapping, kind).map((problem) => (
            <p key={problem} className="text-sm text-red-800">
              {problem}
            </p>
          ))}
          <div className="flex gap-2">
            <button
              type="button"
              disabled={mappingProblems(mapping, kind).length > 0}
              onClick={() => void start(stage.file)}
              className="min-h-11 rounded-md bg-brand-600 px-4 font-medium text-white disabled:opacity-50"
            >
              Import {kind === 'leads' ? 'leads' : 'do-not-call list'}
            </button>
            <button type="button" onClick={reset} className="min-h-11 rounded-md border border-slate-300 px-4">
              Choose another file
            </button>
          </div>
        </div>
      )}

      {stage.step === 'running' && <Progress file={stage.file} sent={stage.sent} progress={stage.progress} />}

      {stage.step === 'done' && (
        <div role="status" className="flex flex-col gap-2 text-sm">
          <p className="text-base font-medium">Imported {stage.result.fileName}</p>
          {stage.result.kind === 'leads' ? (
            <p>
              {count(stage.result.rowsRead, 'row', 'rows')}: <strong>{count(stage.result.inserted, 'new lead', 'new leads')}</strong>,{' '}
              {stage.result.updated.toLocaleString('en-US')} updated, {count(stage.result.duplicates, 'duplicate', 'duplicates')} and{' '}
              {count(stage.result.invalid, 'invalid row', 'invalid rows')} skipped
              {stage.result.doNotCall
                ? `; ${count(stage.result.doNotCall, 'new lead is', 'new leads are')} on the do-not-call list and not queued`
                : ''}
              .
            </p>
          ) : (
            <p>
              {count(stage.result.rowsRead, 'number', 'numbers')}: {stage.result.inserted.toLocaleString('en-US')} added to the do-not-call
              list, <strong>{count(stage.result.doNotCall, 'lead', 'leads')} will no longer be called</strong>,{' '}
              {count(stage.result.invalid + stage.result.duplicates, 'row', 'rows')} skipped.
            </p>
          )}
          <div className="flex gap-2">
            {stage.result.invalid + stage.result.duplicates > 0 && (
              <a
                href={`/api/imports/${stage.result.id}/errors`}
                download
                className="flex min-h-11 items-center rounded-md border border-slate-300 px-4"
              >
                Download error report ({count(stage.result.invalid + stage.result.duplicates, 'row', 'rows')})
              </a>
            )}
            <button type="button" onClick={reset} className="min-h-11 rounded-md bg-brand-600 px-4 font-medium text-white">
              Import another file
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function Progress({ file, sent, progress }: { file: File; sent: number; progress: ImportSummary | null }) {
  const saving = progress?.phase === 'saving';
  const percent = saving ? 100 : Math.min(99, Math.round((sent / Math.max(1, file.size)) * 100));
  return (
    <div className="flex flex-col gap-2 text-sm">
      <p>
        {saving
          ? `Saving ${progress.rowsRead.toLocaleString('en-US')} rows…`
          : `Uploading and checking ${file.name}…${progress?.rowsRead ? ` ${progress.rowsRead.toLocaleString('en-US')} rows read` : ''}`}
      </p>
      <progress aria-label="Import progress" value={saving ? undefined : percent} max={100} className="h-3 w-full" />
      <p className="text-ink-500">Keep this page open until it finishes. If the connection drops, nothing is half-imported.</p>
    </div>
  );
}
