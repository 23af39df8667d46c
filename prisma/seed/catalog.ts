/** Vocabulary for realistic demo data: names, companies, regions with phone plans and zones. */

export const FIRST_NAMES = [
  'James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sofia', 'Lucas', 'Isabella', 'Ethan', 'Mia',
  'Amelia', 'Harper', 'Elijah', 'Aria', 'Daniel', 'Chloe', 'Henry', 'Grace', 'Samuel', 'Zoe', 'David', 'Nora',
  'Priya', 'Arjun', 'Ananya', 'Rohan', 'Yuki', 'Haruto', 'Sakura', 'Kenji', 'Lena', 'Felix', 'Hannah', 'Jonas',
  'Camille', 'Louis', 'Chloé', 'Hugo', 'Lucía', 'Javier', 'Carmen', 'Diego', 'Ana', 'Thiago', 'Beatriz', 'Rafael',
  'Aisha', 'Omar', 'Fatima', 'Thabo', 'Naledi', 'Wei', 'Mei', 'Jun', 'Siobhan', 'Connor', 'Freya', 'Oscar',
  'Isla', 'Jack', 'Ruby', 'Leo', 'Maya', 'Caleb', 'Layla', 'Nathan', 'Elena', 'Marcus', 'Julia', 'Adrian',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Wilson',
  'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark',
  'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Nguyen', 'Hill', 'Patel', 'Sharma',
  'Singh', 'Gupta', 'Tanaka', 'Suzuki', 'Sato', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Dubois',
  'Moreau', 'Laurent', 'Fernández', 'López', 'González', 'Silva', 'Santos', 'Oliveira', 'Costa', "O'Brien",
  'Murphy', 'Kelly', 'Walsh', 'Dlamini', 'Nkosi', 'Chen', 'Wang', 'Li', 'Zhang', 'Kowalski', 'Novak', 'Haddad',
] as const;

const COMPANY_HEADS = [
  'Northwind', 'Bluepeak', 'Brightline', 'Ironwood', 'Summit', 'Harbor', 'Cedar', 'Granite', 'Silverleaf', 'Redstone',
  'Clearwater', 'Oakridge', 'Pinecrest', 'Lakeside', 'Highland', 'Evergreen', 'Westbrook', 'Stonegate', 'Riverbend',
  'Maple', 'Falcon', 'Atlas', 'Beacon', 'Keystone', 'Meridian', 'Horizon', 'Pioneer', 'Sterling', 'Vantage', 'Crescent',
] as const;
const COMPANY_TRADES = [
  'Logistics', 'Dental', 'Roofing', 'Analytics', 'Legal', 'Realty', 'Freight', 'Clinics', 'Software', 'Insurance',
  'Hospitality', 'Solar', 'Foods', 'Manufacturing', 'Pharmacy', 'Fitness', 'Marketing', 'Construction', 'Accounting',
  'Veterinary', 'Robotics', 'Outfitters', 'Print', 'Packaging', 'Energy', 'Capital', 'Studios', 'Labs', 'Health',
] as const;
const COMPANY_FORMS = ['', '', ' Inc', ' LLC', ' Ltd', ' Group', ' GmbH', ' & Co', ' Partners', ' Holdings'] as const;

export const SOURCES = ['web-form', 'trade-show', 'referral', 'purchased-list', 'linkedin', 'webinar', 'inbound-call'] as const;

export function companyName(head: number, trade: number, form: number): string {
  return `${COMPANY_HEADS[head % COMPANY_HEADS.length]} ${COMPANY_TRADES[trade % COMPANY_TRADES.length]}${COMPANY_FORMS[form % COMPANY_FORMS.length]}`;
}
export const COMPANY_SPACE = COMPANY_HEADS.length * COMPANY_TRADES.length;

export interface Region {
  code: string;
  weight: number;
  /** Country calling code. */
  cc: string;
  /** National number prefixes (area / mobile ranges). */
  prefixes: readonly string[];
  /** Digits that follow the prefix. */
  subscriberDigits: number;
  zones: readonly string[];
  tld: string;
}

export const REGIONS: readonly Region[] = [
  { code: 'US', weight: 45, cc: '1', prefixes: ['212', '312', '415', '512', '617', '702', '303', '602', '206', '404', '305', '713'], subscriberDigits: 7, zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles'], tld: 'com' },
  { code: 'CA', weight: 5, cc: '1', prefixes: ['416', '604', '514', '403'], subscriberDigits: 7, zones: ['America/Toronto', 'America/Vancouver', 'America/Edmonton'], tld: 'ca' },
  { code: 'GB', weight: 12, cc: '44', prefixes: ['7700', '7911', '7400', '7520'], subscriberDigits: 6, zones: ['Europe/London'], tld: 'co.uk' },
  { code: 'DE', weight: 8, cc: '49', prefixes: ['151', '160', '170', '176'], subscriberDigits: 8, zones: ['Europe/Berlin'], tld: 'de' },
  { code: 'FR', weight: 5, cc: '33', prefixes: ['6', '7'], subscriberDigits: 8, zones: ['Europe/Paris'], tld: 'fr' },
  { code: 'ES', weight: 3, cc: '34', prefixes: ['6', '7'], subscriberDigits: 8, zones: ['Europe/Madrid'], tld: 'es' },
  { code: 'AU', weight: 6, cc: '61', prefixes: ['4'], subscriberDigits: 8, zones: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Australia/Perth'], tld: 'com.au' },
  { code: 'BR', weight: 4, cc: '55', prefixes: ['119', '219', '319'], subscriberDigits: 8, zones: ['America/Sao_Paulo'], tld: 'com.br' },
  { code: 'IN', weight: 4, cc: '91', prefixes: ['98', '99', '97'], subscriberDigits: 8, zones: ['Asia/Kolkata'], tld: 'in' },
  { code: 'MX', weight: 3, cc: '52', prefixes: ['55', '33', '81'], subscriberDigits: 8, zones: ['America/Mexico_City', 'America/Monterrey'], tld: 'mx' },
  { code: 'JP', weight: 2, cc: '81', prefixes: ['90', '80'], subscriberDigits: 8, zones: ['Asia/Tokyo'], tld: 'jp' },
  { code: 'SG', weight: 1.5, cc: '65', prefixes: ['8', '9'], subscriberDigits: 7, zones: ['Asia/Singapore'], tld: 'sg' },
  { code: 'ZA', weight: 1.5, cc: '27', prefixes: ['82', '83', '72'], subscriberDigits: 7, zones: ['Africa/Johannesburg'], tld: 'co.za' },
];

/** Minutes east of UTC for a zone at an instant (DST-aware at that instant). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((local - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}
