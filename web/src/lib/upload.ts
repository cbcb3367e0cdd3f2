/**
 * Uploads one file as the `file` field of a form, with progress (fetch has no upload progress,
 * XMLHttpRequest does), to a path of the typed client. Resolves with the JSON answer; rejects
 * with the API's error message.
 */
export function uploadFile<T>(path: string, file: File, onProgress: (pct: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', path)
    xhr.withCredentials = true
    xhr.setRequestHeader('accept', 'application/json')
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100))
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText)
        } catch {
          return null
        }
      })()
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T)
      else reject(new Error(body?.error?.message ?? `upload failed (${xhr.status})`))
    }
    xhr.onerror = () => reject(new Error('the upload was interrupted; check your connection and try again'))
    const form = new FormData()
    form.append('file', file)
    xhr.send(form)
  })
}
