/** The JSON shape of a lead in the queue and search (no server imports, so client code can use it). */
export interface LeadItem {
  id: string;
  firstName: string;
  lastName: string;
  company: string | null;
  /** E.164, for `tel:` links. */
  phone: string;
  /** The phone for people, in international format ("+44 20 7946 0958"), formatted on the server. */
  phoneDisplay: string;
  email: string | null;
  timezone: string;
  status: string;
  priority: number;
  score: number;
  nextCallAt: string | null;
  lastCalledAt: string | null;
  /** A callback or retry whose time has come. */
  due: boolean;
  /** The lead's local time is inside calling hours. */
  inCallingHours: boolean;
  /** The lead's wall-clock time when this was read, "HH:MM" (computed by the database, so clients need no zone data). */
  localTime: string;
  /** Which fields matched the search, when there is one. */
  matchedOn?: string[];
}
