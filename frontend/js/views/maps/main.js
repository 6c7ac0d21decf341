// Entry point of the Maps view (docs/shell.md): loads the catalogs, fits the
// link's optimizers and surfaces to them, and mounts the view (maps/view.js).

import { createApi } from '../../api.js';
import { catalogText } from '../../runs.js';
import { startView } from '../../shell/shell.js';
import { loadCatalogs } from '../catalogs.js';
import { parse, sceneOf, serialize } from './state.js';
import { DE, EN } from './strings.js';
import { createMapsView } from './view.js';

function mapsView() {
  let catalogs = null; // this page's catalogs, for the title's names once loaded
  const name = (list, id) => {
    const entry = catalogs && catalogs[list].find((e) => e.id === id);
    return entry ? entry.name : id;
  };
  return {
    id: 'maps',
    strings: { en: EN, de: DE },
    title: (t, state) => {
      const scene = sceneOf(state);
      return t(`maps.title.${state.kind}`, { optimizer: catalogText(t, name('optimizers', scene.optimizer)) });
    },
    parse,
    serialize,
    controls: ['note'],
    defaultControls: [],
    async mount(ctx) {
      const api = createApi();
      catalogs = await loadCatalogs(api, ctx);
      fit(ctx.state, catalogs);
      ctx.changed();
      return createMapsView(ctx, { api, catalogs });
    },
  };
}

/** Unknown surfaces or optimizers in a link fall back to the defaults. */
function fit(state, catalogs) {
  const defaults = parse('');
  const surfaces = catalogs.surfaces.filter((s) => s.kind !== 'game').map((s) => s.id);
  const optimizers = catalogs.optimizers.filter((o) => o.maps).map((o) => o.id);
  for (const key of ['surface', 'basinSurface']) if (!surfaces.includes(state[key])) state[key] = defaults[key];
  for (const key of ['optimizer', 'basinOptimizer']) if (!optimizers.includes(state[key])) state[key] = defaults[key];
}

startView(mapsView());
