/**
 * The company user a customer logs in as when none is named: the default,
 * else the only active one; NULL when neither exists. SQL for a customer id
 * expression, written once for every statement that applies the rule
 * (session facts, login token facts).
 */
export const defaultCompanyUserOf = (customer: string): string => `(SELECT x.id FROM company_users x
     WHERE x.customer_id = ${customer} AND x.status = 'active'
       AND (x.is_default OR (SELECT count(*) FROM company_users y WHERE y.customer_id = ${customer} AND y.status = 'active') = 1)
     ORDER BY x.is_default DESC, x.created_at ASC, x.id ASC LIMIT 1)`;
