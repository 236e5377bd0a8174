import { MAX_KEY_LIFETIME_DAYS } from '../../../constructs/iam/api-key';
import type { CheckedConfiguration, CheckedElement } from '../../configuration';
import { show } from '../../../constructs/core/validation';
import { found, GuardrailRule, notJudged } from '../../rule';
import { isExpression } from '../values';
import { KEY_TYPES } from './rotation';

const DAY_MS = 86_400_000;

export const keyLifetime: GuardrailRule = {
  id: 'IBM-KEY-3',
  level: 'warning',
  productionLevel: 'error',
  types: KEY_TYPES,
  title: 'API key that expires more than a year away',
  finding: `the key expires more than ${MAX_KEY_LIFETIME_DAYS} days after it is made`,
  fix: `bring expires_at within ${MAX_KEY_LIFETIME_DAYS} days (ApiKey: rotationDays + expiryGraceDays ≤ ${MAX_KEY_LIFETIME_DAYS})`,
  why: 'An expiry years away protects little more than none. A year bounds how long a leaked key works even if rotation stops, and matches the yearly credential rotation that common control frameworks ask for.',
  source: 'IBM Cloud Docs, IAM: API keys, expiration (iam-apikeys); the one-year bound is this toolkit\'s (ApiKey refuses longer lifetimes)',
  check: (key, configuration, context) => {
    const value = key.config.expires_at;
    if (typeof value !== 'string' || value === '') return undefined;
    const days = isExpression(value) ? rotatingLifetimeDays(key, value, configuration) : literalDaysAway(value, context.now);
    if (days === undefined) return notJudged(`expires_at ${show(value)} is not a date or timeadd() on a time_rotating`);
    return days > MAX_KEY_LIFETIME_DAYS ? found(`expires_at is ${Math.round(days)} days ${isExpression(value) ? 'after the key is made' : 'from now'}`) : undefined;
  },
};

// IBM's format is yyyy-MM-ddTHH:mm+0000; RFC 3339 is accepted as well
function literalDaysAway(value: string, now: Date): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::\d{2})?([+-]\d{2}):?(\d{2})$|^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)Z$/.exec(value.trim());
  if (!match) return undefined;
  const time = Date.parse(match[1] ? `${match[1]}${match[2]}:${match[3]}` : `${match[4]}Z`);
  return Number.isNaN(time) ? undefined : (time - now.getTime()) / DAY_MS;
}

/** expires_at = timeadd(time_rotating.x.<attribute>, "<duration>"): how long after creation that is */
function rotatingLifetimeDays(key: CheckedElement, value: string, configuration: CheckedConfiguration): number | undefined {
  const match = /timeadd\(\s*(time_rotating\.[\w-]+)\.(rotation_rfc3339|rfc3339|id)\s*,\s*"([^"]+)"\s*\)/.exec(value);
  if (!match) return undefined;
  const rotation = configuration.element(`${key.module}${match[1]}`);
  const offset = durationHours(match[3]!);
  if (rotation === undefined || offset === undefined) return undefined;
  const period = match[2] === 'rotation_rfc3339' ? rotationPeriodDays(rotation) : 0;
  return period === undefined ? undefined : period + offset / 24;
}

// Go durations as timeadd() takes them: 720h, 90m, 1h30m, 3600s
function durationHours(text: string): number | undefined {
  const parts = [...text.matchAll(/(-?\d+(?:\.\d+)?)(h|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  return parts.reduce((hours, part) => hours + Number(part[1]) / { h: 1, m: 60, s: 3600 }[part[2] as 'h' | 'm' | 's'], 0);
}

// the longest a time_rotating period can be: a month counted as 31 days, a year as 366
function rotationPeriodDays(rotation: CheckedElement): number | undefined {
  const number = (name: string) => (typeof rotation.config[name] === 'number' ? (rotation.config[name] as number) : 0);
  const days = number('rotation_days') + number('rotation_hours') / 24 + number('rotation_minutes') / 1440 + number('rotation_months') * 31 + number('rotation_years') * 366;
  return days > 0 ? days : undefined;
}
