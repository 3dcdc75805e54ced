package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"sverka"
	"sverka/store"
)

var userCommand = command{
	summary: "manage accounts: add NAME --role ROLE | list | set-role NAME ROLE | disable NAME | enable NAME",
	run:     runUser,
}

// runUser runs "sverka user …". Passwords are read from standard input (a
// prompt without echo on a terminal), never from an argument, where they
// would end up in the shell history and the process list.
func runUser(ctx context.Context, e env) error {
	if len(e.args) == 0 {
		return fmt.Errorf("usage: sverka user add|list|set-role|disable|enable …")
	}
	db, err := store.Open(ctx, e.cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	sub, args := e.args[0], e.args[1:]
	switch sub {
	case "add":
		fs := flag.NewFlagSet("sverka user add", flag.ContinueOnError)
		fs.SetOutput(e.stderr)
		role := fs.String("role", string(sverka.RoleReader), "reader, annotator, editor or admin")
		noPassword := fs.Bool("no-password", false, "make an account that signs in only with API tokens")
		pos, err := parseInterspersed(fs, args)
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return fmt.Errorf("usage: sverka user add NAME [--role ROLE] (the password is read from standard input)")
		}
		password := ""
		if !*noPassword {
			if password, err = readPassword(e, "Password for "+pos[0]+": "); err != nil {
				return err
			}
		}
		u, err := db.CreateUser(ctx, pos[0], sverka.Role(*role), password)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added %s (%s), id %d\n", u.Name, u.Role, u.ID)
		return nil
	case "list":
		users, err := db.FindUsers(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tNAME\tROLE\tSTATE\tCREATED")
		for _, u := range users {
			state := "active"
			if u.Disabled {
				state = "disabled"
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Name, u.Role, state, u.CreatedAt.Format("2006-01-02"))
		}
		return w.Flush()
	case "set-role", "disable", "enable":
		want := 1
		if sub == "set-role" {
			want = 2
		}
		if len(args) != want {
			return fmt.Errorf("usage: sverka user set-role NAME ROLE | disable NAME | enable NAME")
		}
		u, err := db.FindUserByName(ctx, args[0])
		if err != nil {
			return err
		}
		upd := store.UserUpdate{Version: u.Version}
		switch sub {
		case "set-role":
			r := sverka.Role(args[1])
			upd.Role = &r
		default:
			d := sub == "disable"
			upd.Disabled = &d
		}
		if u, err = db.UpdateUser(ctx, 0, u.ID, upd); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s is now %s%s\n", u.Name, u.Role, map[bool]string{true: ", disabled", false: ""}[u.Disabled])
		return nil
	default:
		return fmt.Errorf("user: unknown subcommand %q (add, list, set-role, disable, enable)", sub)
	}
}

var tokenCommand = command{
	summary: "create NAME [--label LABEL]: print a new API token for a user",
	run: func(ctx context.Context, e env) error {
		if len(e.args) == 0 || e.args[0] != "create" {
			return fmt.Errorf("usage: sverka token create NAME [--label LABEL]")
		}
		fs := flag.NewFlagSet("sverka token create", flag.ContinueOnError)
		fs.SetOutput(e.stderr)
		label := fs.String("label", "command line", "what the token is for")
		pos, err := parseInterspersed(fs, e.args[1:])
		if err != nil {
			return err
		}
		if len(pos) != 1 {
			return fmt.Errorf("usage: sverka token create NAME [--label LABEL]")
		}
		db, err := store.Open(ctx, e.cfg.DB)
		if err != nil {
			return err
		}
		defer db.Close()
		u, err := db.FindUserByName(ctx, pos[0])
		if err != nil {
			return err
		}
		token, err := db.CreateToken(ctx, u.ID, *label)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, token)
		return nil
	},
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readPassword reads a password: from a terminal with a prompt and without
// echo (asked twice), otherwise the first line of standard input.
func readPassword(e env, prompt string) (string, error) {
	if tty, ok := terminal(e.stdin); ok {
		first, err := tty.read(e.stderr, prompt)
		if err != nil {
			return "", err
		}
		again, err := tty.read(e.stderr, "Again: ")
		if err != nil {
			return "", err
		}
		if first != again {
			return "", errors.New("the two passwords differ")
		}
		return first, nil
	}
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input (or use --no-password)")
	}
	return line, nil
}
