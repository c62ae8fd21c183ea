//go:build unix

package pgcluster

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// osUser is the unprivileged account the server programs run as when this
// process is root (PostgreSQL refuses to run as root). A nil *osUser means
// "run as ourselves": every method is then a no-op.
type osUser struct {
	name     string
	uid, gid uint32
	groups   []uint32 // supplementary groups, so permission checks match what the kernel sees
	home     string
}

// serverUser picks the account to run PostgreSQL as: nil when not root,
// else "postgres" (created by Debian's package) or, failing that, "nobody".
func serverUser() (*osUser, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		if u, err := user.Lookup(name); err == nil {
			return fromUser(u)
		}
	}
	return nil, errors.New("pgcluster: running as root, which PostgreSQL refuses, and neither OS user postgres nor nobody exists; create one with: sudo useradd --system postgres")
}

// ownerOf returns the account that owns dir, for stopping a server some
// earlier process started (possibly as another user). nil when not root.
func ownerOf(dir string) (*osUser, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid == 0 {
		return serverUser() // pg_ctl cannot run as root anyway
	}
	if u, err := user.LookupId(strconv.FormatUint(uint64(st.Uid), 10)); err == nil {
		return fromUser(u)
	}
	return &osUser{name: strconv.FormatUint(uint64(st.Uid), 10), uid: st.Uid, gid: st.Gid}, nil
}

func fromUser(u *user.User) (*osUser, error) {
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("pgcluster: OS user %s has a non-numeric uid/gid: %w", u.Username, err)
	}
	r := &osUser{name: u.Username, uid: uint32(uid), gid: uint32(gid), home: u.HomeDir}
	if ids, err := u.GroupIds(); err == nil {
		for _, id := range ids {
			if g, err := strconv.ParseUint(id, 10, 32); err == nil {
				r.groups = append(r.groups, uint32(g))
			}
		}
	}
	return r, nil
}

// prepare makes cmd run as r with a matching environment. PG* variables are
// dropped for everyone: PGPORT, PGDATA and friends would silently change
// what initdb, pg_ctl and postgres do.
func (r *osUser) prepare(cmd *exec.Cmd) {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		if strings.HasPrefix(kv, "PG") {
			return true
		}
		return r != nil && (strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "USER=") || strings.HasPrefix(kv, "LOGNAME="))
	})
	if r != nil {
		home := cmd.Dir // e.g. nobody's home is /nonexistent
		if fi, err := os.Stat(r.home); err == nil && fi.IsDir() {
			home = r.home
		}
		env = append(env, "HOME="+home, "USER="+r.name, "LOGNAME="+r.name)
		cmd.SysProcAttr = &syscall.SysProcAttr{
			Credential: &syscall.Credential{Uid: r.uid, Gid: r.gid, Groups: r.groups},
		}
	}
	cmd.Env = env
}

// chown gives path to r.
func (r *osUser) chown(path string) error {
	if r == nil {
		return nil
	}
	return os.Lchown(path, int(r.uid), int(r.gid))
}

// chownTree gives a whole data directory to r, e.g. one made by an earlier
// non-root run; PostgreSQL insists on owning every file in it.
func (r *osUser) chownTree(root string) error {
	if r == nil {
		return nil
	}
	return filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return r.chown(p)
	})
}

// owns reports whether fi belongs to r (or, for nil r, to us).
func (r *osUser) owns(fi fs.FileInfo) bool {
	uid := uint32(os.Geteuid())
	if r != nil {
		uid = r.uid
	}
	return fileUID(fi) == uid
}

func fileUID(fi fs.FileInfo) uint32 { return fi.Sys().(*syscall.Stat_t).Uid }

// blockedAt returns the first directory among dir and its parents that r
// cannot search (the x bit that applies to r as owner, group member or
// other), or "" if r can reach dir. Symlinked paths are checked both as
// written and resolved. ACLs are not consulted.
func (r *osUser) blockedAt(dir string) string {
	if r == nil {
		return ""
	}
	paths := []string{dir}
	if real, err := filepath.EvalSymlinks(dir); err == nil && real != dir {
		paths = append(paths, real)
	}
	for _, p := range paths {
		for {
			fi, err := os.Stat(p)
			if err != nil || !r.canSearch(fi) {
				return p
			}
			if p == filepath.Dir(p) {
				break
			}
			p = filepath.Dir(p)
		}
	}
	return ""
}

func (r *osUser) canSearch(fi fs.FileInfo) bool {
	st := fi.Sys().(*syscall.Stat_t)
	perm := fi.Mode().Perm()
	switch {
	case st.Uid == r.uid:
		return perm&0o100 != 0
	case st.Gid == r.gid || slices.Contains(r.groups, st.Gid):
		return perm&0o010 != 0
	default:
		return perm&0o001 != 0
	}
}

// relocatedDataDir is where the data goes when the server user cannot reach
// the requested dir: a stable, per-path place under os.TempDir().
func relocatedDataDir(requested string) string {
	return filepath.Join(os.TempDir(), "pgcluster-"+shortHash(requested), "data")
}
