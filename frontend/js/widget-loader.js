// The notebook widget's loader (backend/thalweg/notebook/widget.py). anywidget
// loads ONE ES module; the page is many. Python appends
// `export default widget(sources, plotly, entry)`: `sources` maps each page
// module ("js/dom.js") to its text, relative imports made bare ("@thalweg/js/dom.js")
// as in the offline file. Here each module becomes a blob: URL with its bare
// imports pointing at its dependencies' URLs (dependencies first), and the
// entry is imported. plotly.js (UMD) is run once unless the page has one; its
// AMD and CommonJS branches are shadowed so a notebook's require.js cannot
// swallow it and it lands on window.Plotly, where the page's modules expect it.

const BARE = /(['"])@thalweg\/([^'"]+)\1/g;

function moduleUrls(sources) {
  const urls = new Map();
  const visiting = new Set();
  const url = (name) => {
    if (urls.has(name)) return urls.get(name);
    if (!(name in sources)) throw new Error(`thalweg widget: module ${name} is missing`);
    if (visiting.has(name)) throw new Error(`thalweg widget: import cycle through ${name}`);
    visiting.add(name);
    const text = sources[name].replace(BARE, (_, quote, dep) => `${quote}${url(dep)}${quote}`);
    visiting.delete(name);
    const made = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    urls.set(name, made);
    return made;
  };
  return url;
}

function ensurePlotly(text) {
  if (globalThis.Plotly) return;
  // eslint-disable-next-line no-new-func -- a UMD bundle needs a script scope, not a module's
  new Function('define', 'module', 'exports', text).call(globalThis);
  if (!globalThis.Plotly) throw new Error('thalweg widget: plotly.js did not load');
}

// eslint-disable-next-line no-unused-vars -- called by the line Python appends
function widget(sources, plotly, entry) {
  let loaded = null;
  const load = () => {
    loaded ??= (async () => {
      ensurePlotly(plotly);
      return import(moduleUrls(sources)(entry));
    })();
    return loaded;
  };
  return {
    async render({ model, el }) {
      const page = await load();
      return page.render({ model, el });
    },
  };
}
