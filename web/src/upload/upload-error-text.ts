/**
 * An upload's failure in the reader's language. The uploader (pitch-uploader.ts) stays free of the
 * web's i18n — it also runs in the API tests — and says what went wrong in English with a code;
 * its own failures are worded here by their English sentence, the API's by their code
 * (error-text.ts), anything else as it came.
 */
import { errorMessage } from '../error-text.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { UploadError } from './pitch-uploader.ts';

const OWN: Readonly<Record<string, MessageKey>> = {
  'The storage keeps refusing the uploaded parts.': 'uploadErrorText.partsRejected',
  'Upload cancelled.': 'uploadErrorText.cancelled',
  'Upload paused.': 'uploadErrorText.paused',
  'The connection keeps failing; the upload will resume where it stopped.': 'uploadErrorText.connectionFailing',
  'Network error': 'uploadErrorText.networkError',
  'The upload was cancelled.': 'pitchPanel.cancelled',
  'The server could not be reached.': 'uploadErrorText.unreachable',
};

export function uploadErrorText(err: Pick<UploadError, 'message' | 'code' | 'status' | 'params'>): string {
  const own = Object.hasOwn(OWN, err.message) ? OWN[err.message] : undefined;
  if (own) return t(own);
  const storage = /^Storage answered (\d+)$/.exec(err.message);
  if (err.code === 'STORAGE' && storage) return t('uploadErrorText.storageAnswered', { status: storage[1]! });
  return errorMessage(err.code, err.message, err.params);
}
