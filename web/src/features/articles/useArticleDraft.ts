import { useCallback, useEffect, useRef, useState } from 'react';
import type { TArticle, TArticleType, TAuthor, TUrgency } from '@baosong/contract';
import { api, ApiError } from '../../api/client';

/** The fields a user edits; everything the PATCH endpoint accepts besides rowVersion. */
export interface ArticleFields {
  title: string;
  bodyHtml: string;
  type: TArticleType;
  topicIds: number[];
  authors: TAuthor[];
  signer: string;
  urgency: TUrgency;
}

export function fieldsOf(a: TArticle): ArticleFields {
  return { title: a.title, bodyHtml: a.bodyHtml, type: a.type, topicIds: a.topicIds, authors: a.authors, signer: a.signer, urgency: a.urgency };
}

export type SaveStatus =
  | { kind: 'idle' }
  | { kind: 'dirty' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'error'; message: string; conflict: boolean };

interface LocalCopy {
  savedAt: number;
  values: ArticleFields;
}

const AUTOSAVE_DELAY_MS = 1500;
const RETRY_DELAY_MS = 10_000;

function localKey(userId: number, articleId: number) {
  return `baosong.draft.${userId}.${articleId}`;
}

function readLocal(key: string): LocalCopy | null {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return null;
    const v = JSON.parse(raw) as LocalCopy;
    return typeof v.savedAt === 'number' && v.values && typeof v.values.bodyHtml === 'string' ? v : null;
  } catch {
    return null;
  }
}

function sameFields(a: ArticleFields, b: ArticleFields): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Local editing state of one article: the values shown, the fields changed since the last save, the rowVersion the
 * server last gave us, and a copy in localStorage so a closed tab loses nothing. Every request that changes the
 * article (saves, attachment uploads) runs through one queue, so the rowVersion we send is always the latest.
 * With `autosave`, changes are saved ~1.5 s after the user stops typing; otherwise only when `save()` is called.
 */
export function useArticleDraft(article: TArticle, opts: { autosave: boolean; userId: number; onSaved?(a: TArticle): void }) {
  const key = localKey(opts.userId, article.id);
  const [values, setValues] = useState<ArticleFields>(() => fieldsOf(article));
  const valuesRef = useRef(values);
  const rowVersion = useRef(article.rowVersion);
  const pending = useRef<Partial<ArticleFields>>({});
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const timer = useRef<number | undefined>(undefined);
  const halted = useRef(false);
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const onSavedRef = useRef(opts.onSaved);
  onSavedRef.current = opts.onSaved;
  const autosave = opts.autosave;

  // A local copy newer than the server's is offered for restoring; an older or identical one is dropped.
  const [localCopy, setLocalCopy] = useState<LocalCopy | null>(() => {
    const copy = readLocal(key);
    if (copy && copy.savedAt > Date.parse(article.updatedAt) && !sameFields(copy.values, fieldsOf(article))) return copy;
    localStorage.removeItem(key);
    return null;
  });

  const exclusive = useCallback(<T,>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.current.then(fn, fn);
    queue.current = p.catch(() => undefined);
    return p;
  }, []);

  const save = useCallback((): Promise<TArticle | null> => {
    window.clearTimeout(timer.current);
    return exclusive(async () => {
      const body = pending.current;
      if (Object.keys(body).length === 0) return null;
      pending.current = {};
      setStatus({ kind: 'saving' });
      try {
        // Every field, not only the changed ones: the server's PATCH schema fills omitted list and text fields with
        // their defaults (zod .default() inside .partial()), which would wipe topics, authors, signer and urgency.
        const a = await api.patch<TArticle>(`/api/articles/${article.id}`, { ...valuesRef.current, rowVersion: rowVersion.current });
        rowVersion.current = a.rowVersion;
        if (Object.keys(pending.current).length === 0) {
          localStorage.removeItem(key);
          setStatus({ kind: 'saved', at: new Date() });
        } else {
          setStatus({ kind: 'dirty' });
        }
        onSavedRef.current?.(a);
        return a;
      } catch (e) {
        pending.current = { ...body, ...pending.current };
        const conflict = e instanceof ApiError && e.status === 409;
        if (conflict) halted.current = true;
        setStatus({ kind: 'error', message: e instanceof Error ? e.message : String(e), conflict });
        throw e;
      }
    });
  }, [article.id, exclusive, key]);

  const schedule = useCallback(
    (delay: number) => {
      window.clearTimeout(timer.current);
      if (!autosave || halted.current) return;
      timer.current = window.setTimeout(() => {
        save().catch((e: unknown) => {
          // A lost connection is retried; a conflict or a refusal waits for the user.
          if (e instanceof ApiError && e.status === 0) schedule(RETRY_DELAY_MS);
        });
      }, delay);
    },
    [autosave, save],
  );

  const change = useCallback(
    (patch: Partial<ArticleFields>) => {
      valuesRef.current = { ...valuesRef.current, ...patch };
      setValues(valuesRef.current);
      pending.current = { ...pending.current, ...patch };
      try {
        localStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), values: valuesRef.current } satisfies LocalCopy));
      } catch {
        /* storage full or disabled: the server copy is all we have */
      }
      setStatus((s) => (s.kind === 'error' ? s : { kind: 'dirty' }));
      schedule(AUTOSAVE_DELAY_MS);
    },
    [key, schedule],
  );

  /**
   * Replaces the local state with the server's after a conflict. The user's own text stays in localStorage and is
   * offered for restoring (over the other change, knowingly).
   */
  const reset = useCallback(
    (a: TArticle) => {
      window.clearTimeout(timer.current);
      halted.current = false;
      pending.current = {};
      rowVersion.current = a.rowVersion;
      valuesRef.current = fieldsOf(a);
      setValues(valuesRef.current);
      setStatus({ kind: 'idle' });
      const copy = readLocal(key);
      setLocalCopy(copy && !sameFields(copy.values, valuesRef.current) ? copy : null);
    },
    [key],
  );

  /** Runs another request that bumps the article's rowVersion by one (an attachment upload) in the save queue. */
  const bumping = useCallback(
    <T,>(fn: () => Promise<T>): Promise<T> =>
      exclusive(async () => {
        const r = await fn();
        rowVersion.current += 1;
        return r;
      }),
    [exclusive],
  );

  const restoreLocal = useCallback(() => {
    if (!localCopy) return null;
    const restored = localCopy.values;
    setLocalCopy(null);
    change(restored);
    return restored;
  }, [change, localCopy]);

  const discardLocal = useCallback(() => {
    setLocalCopy(null);
    localStorage.removeItem(key);
  }, [key]);

  const forgetLocal = useCallback(() => localStorage.removeItem(key), [key]);

  // Leaving the page inside the app saves what is pending (the local copy covers closing the tab).
  useEffect(
    () => () => {
      window.clearTimeout(timer.current);
      if (autosave && !halted.current && Object.keys(pending.current).length) save().catch(() => undefined);
    },
    [autosave, save],
  );

  return {
    values,
    status,
    change,
    save,
    reset,
    bumping,
    exclusive,
    localCopy,
    restoreLocal,
    discardLocal,
    forgetLocal,
    rowVersion: () => rowVersion.current,
    hasPending: () => Object.keys(pending.current).length > 0,
  };
}

export type ArticleDraft = ReturnType<typeof useArticleDraft>;
