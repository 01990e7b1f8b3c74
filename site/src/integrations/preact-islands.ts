// @astrojs/preact without Babel. The integration always hands @preact/preset-vite a Babel
// configuration, so every .tsx island went through Babel in both of the build's Vite passes,
// although in a production build Babel only does the JSX transform that Vite's own (oxc)
// transform does natively: about a quarter of the build's CPU at 2,600 pages (tests/bench/
// PERFORMANCE.md). This wraps the integration, keeps its renderer and its other plugins, and
// replaces the preset's Babel JSX plugin with Vite's transform set to Preact's automatic runtime
// (the same runtime and import source tsconfig.json names). Nothing in the islands needs Babel:
// no hook names (a development aid) and no other Babel plugin.
import preact from '@astrojs/preact';
import type { AstroIntegration } from 'astro';
import type { Plugin, PluginOption, UserConfig } from 'vite';

/** The preset's plugin that runs Babel (@preact/preset-vite, src/index.ts). */
export const BABEL_JSX_PLUGIN = 'vite:preact-jsx';

/** Vite's own JSX transform for Preact, in place of the preset's Babel pass. */
export const preactJsxPlugin: Plugin = {
  name: 'portal:preact-jsx',
  config: () => ({ oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } } }),
};

function withoutBabel(plugins: PluginOption[]): { plugins: PluginOption[]; replaced: number } {
  let replaced = 0;
  const walk = (options: PluginOption[]): PluginOption[] =>
    options.map((option) => {
      if (Array.isArray(option)) return walk(option);
      if (option && typeof option === 'object' && 'name' in option && option.name === BABEL_JSX_PLUGIN) {
        replaced += 1;
        return preactJsxPlugin;
      }
      return option;
    });
  return { plugins: walk(plugins), replaced };
}

export function preactIslands(): AstroIntegration {
  const integration = preact();
  const setup = integration.hooks['astro:config:setup'];
  if (!setup) throw new Error('@astrojs/preact has no astro:config:setup hook any more: see site/src/integrations/preact-islands.ts');
  return {
    ...integration,
    hooks: {
      ...integration.hooks,
      'astro:config:setup': (options) =>
        setup({
          ...options,
          updateConfig: (config) => {
            const vite = config.vite as UserConfig | undefined;
            if (!vite?.plugins) return options.updateConfig(config);
            const { plugins, replaced } = withoutBabel(vite.plugins);
            // An upgrade that renames or restructures the preset must fail the build, not bring Babel back silently.
            if (replaced !== 1) throw new Error(`expected one "${BABEL_JSX_PLUGIN}" plugin from @astrojs/preact, found ${replaced}: see site/src/integrations/preact-islands.ts`);
            return options.updateConfig({ ...config, vite: { ...vite, plugins } });
          },
        }),
    },
  };
}
