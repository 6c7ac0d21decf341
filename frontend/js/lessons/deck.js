// The lessons page's state <-> its URL, and a scene's link for a language:
// /lessons?lesson=learning-rate&scene=3&lang=de&projector=1 (scene counts from 1).

/** The views a scene may show, by the path its link starts with. Only /embed may be framed elsewhere. */
export const VIEWS = [
  { path: '/embed', frameable: true, exportable: true },
  { path: '/networks.html', frameable: false, exportable: true },
  { path: '/', frameable: false, exportable: false },
];

export function viewOf(link) {
  const [path, query = ''] = link.split('?');
  const view = VIEWS.find((v) => v.path === path);
  // /api/export?<query> exports the race's embed; another view's embed (view=…) has no offline file here.
  return view && new URLSearchParams(query).has('view') ? { ...view, exportable: false } : view;
}

/** What a scene's link gets for `lang`, and the projector's large type where the view has it. */
export function sceneSuffix(scene, { lang, projector }) {
  const extra = [`lang=${lang}`];
  if (projector && !scene.link.startsWith('/networks.html')) extra.push('projector=1');
  return extra.join('&');
}

/** The scene's link in `lang`. */
export function sceneLink(scene, state) {
  return `${scene.link}&${sceneSuffix(scene, state)}`;
}

/** The whole lesson as one offline file (GET /api/export, services/lesson_export.py). */
export function lessonFileLink(lessons, { lesson, lang, projector }) {
  const page = `/lessons?lesson=${lessons[lesson].id}&lang=${lang}${projector ? '&projector=1' : ''}`;
  return `/api/export?link=${encodeURIComponent(page)}`;
}

/** ?lesson=id&scene=n&lang=..&projector=1 -> {lesson, scene, lang, projector}, indices clamped. */
export function parse(search, lessons) {
  const params = new URLSearchParams(search);
  const found = lessons.findIndex((l) => l.id === params.get('lesson'));
  const lesson = Math.max(found, 0);
  const n = Number.parseInt(params.get('scene') || '1', 10);
  const count = lessons[lesson].scenes.length;
  return {
    lesson,
    scene: Number.isFinite(n) ? Math.min(Math.max(n, 1), count) - 1 : 0,
    lang: params.get('lang'),
    projector: params.get('projector') === '1',
  };
}

export function serialize({ lesson, scene, lang, projector }, lessons) {
  const parts = [`lesson=${lessons[lesson].id}`, `scene=${scene + 1}`, `lang=${lang}`];
  if (projector) parts.push('projector=1');
  return parts.join('&');
}
