// The IBM Cloud locations a region argument may name, in one place. Sources: IBM Cloud
// Docs, "Regions for IBM Cloud Monitoring" (monitoring-regions, updated 2026-06-29: the
// multizone regions), "Code Engine regions" (codeengine-regions: in-che), Cloudant's
// "Creating an instance with the CLI" (kr-seo, in-che, and the che01 data center) and Db2
// on Cloud's provisioning docs (mon01, mil01). A region IBM adds later is refused until it
// is added here.
import { closestMatch } from './closest';
import { isUnresolved, Problem, show } from './validation';

/** multizone regions */
export const IBM_CLOUD_REGIONS = ['au-syd', 'br-sao', 'ca-mon', 'ca-tor', 'eu-de', 'eu-es', 'eu-gb', 'in-che', 'jp-osa', 'jp-tok', 'kr-seo', 'us-east', 'us-south'] as const;
/** single-zone data centers that some services (Cloudant Gen 1, Db2) are placed in */
export const IBM_CLOUD_DATA_CENTERS = ['che01', 'mil01', 'mon01'] as const;

const LOCATIONS: readonly string[] = [...IBM_CLOUD_REGIONS, ...IBM_CLOUD_DATA_CENTERS];

/** the reason a location is not one IBM Cloud has, with the nearest one it does, if any */
export function regionProblem(location: string): string | undefined {
  if (isUnresolved(location) || LOCATIONS.includes(location)) return undefined;
  const nearest = closestMatch(location, LOCATIONS);
  return `${show(location)} is not an IBM Cloud region; ${nearest ? `did you mean ${show(nearest)}? ` : ''}use one of ${IBM_CLOUD_REGIONS.join(', ')} (or a data center: ${IBM_CLOUD_DATA_CENTERS.join(', ')})`;
}

/** a region prop as a problem at that prop */
export function validateRegion(field: string, location: string | undefined): Problem[] {
  const problem = location === undefined ? undefined : regionProblem(location);
  return problem ? [{ path: [field], message: problem }] : [];
}
