// Uploads arrive as the file's bytes (see server/decisions/021, "Uploads as raw bytes, not
// multipart"), the file's name in the x-file-name header.
import type { FastifyRequest } from 'fastify';

/** The file's name from the x-file-name header (percent-encoded UTF-8), for the report and audit. */
export function uploadedFileName(request: FastifyRequest): string {
  const raw = request.headers['x-file-name'];
  if (typeof raw !== 'string' || raw.trim() === '') return '上传的文件';
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  // Only a name: no folders, no control characters, not too long.
  return (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 120) || '上传的文件';
}
