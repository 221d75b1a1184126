import type { AppModule, Platform } from '../platform/context.js';
import { createPlansModule } from './plans/index.js';

/**
 * The module registry. Modules are created in dependency order and are given the services of
 * the modules below them (never their repositories or tables). app.ts mounts them in this order.
 */
export function createModules(platform: Platform): AppModule[] {
  const plans = createPlansModule(platform);
  return [plans];
}

/** Migration folders in the order they apply: the platform, then modules bottom-up. */
export const MIGRATION_FOLDERS = ['platform', 'plans', 'resources', 'delivery', 'performance', 'engagement', 'scrutiny', 'publishing'] as const;
