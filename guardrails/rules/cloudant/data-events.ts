import { found, GuardrailRule, notJudged } from '../../rule';
import { isExpression, isTrue } from '../values';

export const cloudantDataEvents: GuardrailRule = {
  id: 'IBM-CLD-4',
  level: 'error',
  productionOnly: true,
  types: ['ibm_cloudant'],
  judges: ['include_data_events'],
  title: 'Production Cloudant instance without data events',
  finding: 'a production Cloudant instance does not send data events to Activity Tracker',
  fix: 'set include_data_events = true (CloudantInstance dataEvents, on by default in production environments)',
  why: 'Without data events, Activity Tracker records only management events: reads and writes of documents leave no audit trail, so a leaked key\'s use cannot be traced.',
  source: 'IBM Cloud Docs, Cloudant: Auditing events (topic Cloudant-at_events); provider resource_ibm_cloudant.go (include_data_events defaults to false)',
  check: (element) => {
    const value = element.config.include_data_events;
    if (isTrue(value)) return undefined;
    if (isExpression(value)) return notJudged('include_data_events is an expression');
    return found(value === undefined ? 'include_data_events is not set (the provider default is false)' : 'include_data_events = false');
  },
};
