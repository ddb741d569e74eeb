import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { rolesAllow, type TLoginResult, type TMe, type TPermission } from '@baosong/contract';
import { api, ApiError, setCsrfToken, setOnUnauthenticated } from '../../api/client';

interface Auth {
  me: TMe | null;
  loading: boolean;
  /** The user, or the second step the server asks for (a code, or setting the factor up). */
  login(username: string, password: string): Promise<TLoginResult>;
  /** The sign-in finished in a second step: adopt the user it returned. */
  signedIn(me: TMe): void;
  logout(): Promise<void>;
  setMe(me: TMe): void;
  can(p: TPermission): boolean;
}

const Ctx = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMeState] = useState<TMe | null>(null);
  const [loading, setLoading] = useState(true);
  const qc = useQueryClient();
  const setMe = useCallback((m: TMe | null) => {
    setCsrfToken(m?.csrfToken ?? null);
    setMeState(m);
  }, []);

  useEffect(() => {
    setOnUnauthenticated(() => {
      setMe(null);
      qc.clear();
    });
    api
      .get<TMe>('/api/auth/me')
      .then(setMe)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
      })
      .finally(() => setLoading(false));
  }, [qc, setMe]);

  const value = useMemo<Auth>(
    () => ({
      me,
      loading,
      setMe,
      async login(username, password) {
        const r = await api.post<TLoginResult>('/api/auth/login', { username, password });
        if ('secondFactor' in r) return r;
        qc.clear();
        setMe(r);
        return r;
      },
      signedIn(m) {
        qc.clear();
        setMe(m);
      },
      async logout() {
        try {
          await api.post('/api/auth/logout');
        } finally {
          qc.clear();
          setMe(null);
        }
      },
      can: (p) => (me ? rolesAllow(me.roles, p) : false),
    }),
    [me, loading, qc, setMe],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): Auth {
  const v = useContext(Ctx);
  if (!v) throw new Error('AuthProvider missing');
  return v;
}
