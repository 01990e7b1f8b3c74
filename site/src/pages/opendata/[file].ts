// /opendata/<dataset>.csv and .json, written at build time from the snapshot's core. The replies'
// files are streamed into the site after the build (integrations/snapshot-preflight.ts).
import type { APIContext, GetStaticPaths } from 'astro';
import { OPEN_DATASETS, type SnapshotDataset, toCsv, toJson } from '../../lib/opendata.ts';
import { getSnapshot } from '../../lib/snapshot.ts';

export const getStaticPaths = (() =>
  OPEN_DATASETS.filter((dataset) => dataset.source === 'snapshot').flatMap((dataset) => (['csv', 'json'] as const).map((format) => ({ params: { file: `${dataset.name}.${format}` }, props: { dataset, format } })))) satisfies GetStaticPaths;

export async function GET(context: APIContext) {
  const { dataset, format } = context.props as { dataset: SnapshotDataset; format: 'csv' | 'json' };
  const snapshot = await getSnapshot();
  if (format === 'csv') return new Response(toCsv(dataset.columns, dataset.rows(snapshot)), { headers: { 'content-type': 'text/csv; charset=utf-8' } });
  return new Response(toJson(dataset, snapshot), { headers: { 'content-type': 'application/json; charset=utf-8' } });
}
