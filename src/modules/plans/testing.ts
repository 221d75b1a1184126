/**
 * What other modules' tests may use of plans without a database: small plans (the fixtures of
 * plans' own presenter tests) and the module's wording, as its service gives it.
 */
export { fixturePlan, fixtureTree } from './presenters/publicFixtures.js';
export { planWording } from './wording.js';
