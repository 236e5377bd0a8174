import { found, GuardrailRule } from '../../rule';
import { blocks } from '../values';
import { db2UserSteps } from './db2-steps';

export const db2BluadminServiceId: GuardrailRule = {
  id: 'IBM-DB2-4',
  level: 'warning',
  productionLevel: 'error',
  types: ['ibm_db2', 'terraform_data'],
  title: 'Service ID mapped to a bluadmin Db2 user',
  finding: 'a service ID is a bluadmin Db2 user: it administers the whole database',
  fix: 'map it as bluuser with the privileges it needs (role: bluuser, privileges: …); keep bluadmin for people, or suppress with the reason this application must administer the database',
  why: 'bluadmin reads and changes every table and manages every user of the database. An application key with it turns one leaked key into the loss of the whole database.',
  source: 'IBM Cloud Docs, Db2 SaaS: Managing users (db2-saas user_mgmt: bluadmin and bluuser roles)',
  check: (element) => {
    if (element.type === 'ibm_db2') {
      const admins = blocks(element.config.users_config).filter((user) => user.role === 'bluadmin' && user.iam !== false && user.iam !== 'false' && typeof user.ibmid === 'string' && /ServiceId-/.test(user.ibmid));
      return admins.length > 0 ? found(`users_config maps ${admins.map((user) => String(user.ibmid)).join(', ')} as bluadmin`) : undefined;
    }
    const admins = db2UserSteps(element).filter((step) => step.role === 'bluadmin');
    return admins.length > 0 ? found(`Db2 user ${admins.map((step) => step.userId).join(', ')} is created as bluadmin`) : undefined;
  },
};
