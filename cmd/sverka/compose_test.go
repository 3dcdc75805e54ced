package main

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// composeService is what the tests read of a service in the file that
// docker-compose config writes (interpolated, anchors resolved).
type composeService struct {
	Image       string            `yaml:"image"`
	Profiles    []string          `yaml:"profiles"`
	Environment map[string]string `yaml:"environment"`
	Volumes     []yaml.Node       `yaml:"volumes"`
	Ports       []yaml.Node       `yaml:"ports"`
	Healthcheck *struct {
		Test []string `yaml:"test"`
	} `yaml:"healthcheck"`
	DependsOn map[string]struct {
		Condition string `yaml:"condition"`
	} `yaml:"depends_on"`
}

// tool finds an outside program a test needs: missing, the test skips, or
// fails under CI=true.
func tool(t *testing.T, name, pkg string) string {
	t.Helper()
	exe, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed; .ci/run must install %s", name, pkg)
		}
		t.Skipf("%s is not installed (apt-get install %s); skipping", name, pkg)
	}
	return exe
}

// composeConfig asks Debian's docker-compose to parse docker-compose.yml
// (no Docker engine runs here, so that parse is the test) and returns its
// services.
func composeConfig(t *testing.T) map[string]composeService {
	t.Helper()
	cmd := exec.Command(tool(t, "docker-compose", "docker-compose"), "-f", "../../docker-compose.yml", "config")
	cmd.Env = append(os.Environ(), "POSTGRES_PASSWORD=", "SVERKA_TRUSTED_PROXIES=", "SVERKA_BASE_URL=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, out)
	}
	var file struct {
		Services map[string]composeService `yaml:"services"`
	}
	if err := yaml.Unmarshal(out, &file); err != nil {
		t.Fatal(err)
	}
	return file.Services
}

// TestComposeFile checks that the default profile is one Sverka on SQLite
// with its database on a volume.
func TestComposeFile(t *testing.T) {
	services := composeConfig(t)
	var always []string
	for name, s := range services {
		if len(s.Profiles) == 0 {
			always = append(always, name)
		}
	}
	if !slices.Equal(always, []string{"sverka"}) {
		t.Fatalf("services without a profile: got %q, want only sverka", always)
	}
	s := services["sverka"]
	if db := s.Environment["SVERKA_DB"]; db != "/data/sverka.db" || len(s.Volumes) != 1 || len(s.Ports) != 1 {
		t.Errorf("sverka: SVERKA_DB %q, %d volumes, %d ports; want SQLite on its volume, one port", db, len(s.Volumes), len(s.Ports))
	}
}

// TestComposePostgresProfile checks the postgres profile: PostgreSQL of a
// pinned major version with a volume and a health check, two Sverka servers
// on it that wait for it to be healthy, and Caddy in front with the
// repository's Caddyfile, which Caddy itself validates.
func TestComposePostgresProfile(t *testing.T) {
	services := composeConfig(t)
	inProfile := func(name string) composeService {
		s, ok := services[name]
		if !ok || !slices.Equal(s.Profiles, []string{"postgres"}) {
			t.Fatalf("service %s: got profiles %q (present %v), want [postgres]", name, s.Profiles, ok)
		}
		return s
	}
	pg := inProfile("postgres")
	if !regexp.MustCompile(`^postgres:\d+$`).MatchString(pg.Image) || len(pg.Volumes) != 1 || pg.Healthcheck == nil || !strings.Contains(strings.Join(pg.Healthcheck.Test, " "), "pg_isready") {
		t.Errorf("postgres: image %q, %d volumes, health check %v; want a pinned major version, a volume, pg_isready", pg.Image, len(pg.Volumes), pg.Healthcheck)
	}
	for _, name := range []string{"sverka-a", "sverka-b"} {
		s := inProfile(name)
		if db := s.Environment["SVERKA_DB"]; !strings.HasPrefix(db, "postgres://sverka:sverka@postgres:5432/sverka") {
			t.Errorf("%s: SVERKA_DB %q, want the postgres service's database", name, db)
		}
		if s.Environment["SVERKA_IMAGES"] != "/images" || len(s.Volumes) != 1 {
			t.Errorf("%s: SVERKA_IMAGES %q, %d volumes; want the images on the volume both servers share", name, s.Environment["SVERKA_IMAGES"], len(s.Volumes))
		}
		if c := s.DependsOn["postgres"].Condition; c != "service_healthy" {
			t.Errorf("%s: depends on postgres %q, want service_healthy", name, c)
		}
		if len(s.Ports) != 0 {
			t.Errorf("%s publishes %d ports; only the proxy should", name, len(s.Ports))
		}
	}
	proxy := inProfile("proxy")
	if !strings.HasPrefix(proxy.Image, "caddy:") || len(proxy.Ports) != 1 || len(proxy.Volumes) != 1 {
		t.Fatalf("proxy: image %q, %d ports, %d volumes; want Caddy, one port, its Caddyfile", proxy.Image, len(proxy.Ports), len(proxy.Volumes))
	}
	var mount struct {
		Source string `yaml:"source"`
		Target string `yaml:"target"`
	}
	var short string // docker-compose 1 writes SOURCE:TARGET:MODE, Compose 2 a mapping
	if proxy.Volumes[0].Decode(&short) == nil {
		mount.Source, mount.Target, _ = strings.Cut(short, ":")
		mount.Target, _, _ = strings.Cut(mount.Target, ":")
	} else if err := proxy.Volumes[0].Decode(&mount); err != nil {
		t.Fatal(err)
	}
	if mount.Target != "/etc/caddy/Caddyfile" {
		t.Fatalf("proxy volume %+v, want the Caddyfile at /etc/caddy/Caddyfile", mount)
	}
	caddy := tool(t, "caddy", "caddy")
	if out, err := exec.Command(caddy, "validate", "--adapter", "caddyfile", "--config", mount.Source).CombinedOutput(); err != nil {
		t.Fatalf("caddy validate %s: %v\n%s", mount.Source, err, out)
	}
}
