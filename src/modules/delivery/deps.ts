/** What delivery needs from the modules it serves: functions of their services, passed in by the registry. */
import type { PlansService } from '../plans/index.js';

/** The plans delivery plans serve: their trees, and where delivery adds its links to a plan's pages. */
export type PlansLookup = Pick<PlansService, 'get' | 'getTree' | 'getTreeByReference' | 'list' | 'addPageLinks'>;
