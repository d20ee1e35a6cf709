/**
 * The limits of the columns webhook values are stored in (v2's schema), checked up front so a value
 * that does not fit is a 422 naming it rather than a database error.
 */
export const PG_INT_MAX = 2_147_483_647;
export const VARCHAR_MAX = 255;
/** `company.tc2_status` is varchar(25). */
export const TC2_STATUS_MAX = 25;
