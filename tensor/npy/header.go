package npy

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// header is the decoded header dictionary of an .npy file.
type header struct {
	descr   string
	fortran bool
	shape   []int
}

// parseHeader parses the Python literal dictionary of an .npy header, such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (1, 256, 256, 3), }
// followed by padding. Like NumPy it requires exactly the keys descr,
// fortran_order and shape, in any order.
func parseHeader(s string) (header, error) {
	var h header
	p := &parser{s: s}
	if err := p.expect('{'); err != nil {
		return h, err
	}
	seen := map[string]bool{}
	for {
		p.space()
		if p.peek() == '}' {
			p.pos++
			break
		}
		key, err := p.str()
		if err != nil {
			return h, fmt.Errorf("dict key: %w", err)
		}
		if seen[key] {
			return h, fmt.Errorf("duplicate key %q", key)
		}
		seen[key] = true
		if err := p.expect(':'); err != nil {
			return h, err
		}
		p.space()
		switch key {
		case "descr":
			if p.peek() == '[' {
				return h, fmt.Errorf("structured dtypes are not supported")
			}
			h.descr, err = p.str()
		case "fortran_order":
			h.fortran, err = p.boolean()
		case "shape":
			h.shape, err = p.tuple()
		default:
			return h, fmt.Errorf("unexpected key %q", key)
		}
		if err != nil {
			return h, fmt.Errorf("%s: %w", key, err)
		}
		p.space()
		if p.peek() == ',' {
			p.pos++
		} else if p.peek() != '}' {
			return h, p.errorf("expected ',' or '}'")
		}
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if !seen[k] {
			return h, fmt.Errorf("missing key %q", k)
		}
	}
	p.space()
	if p.pos != len(p.s) {
		return h, p.errorf("trailing characters after dict")
	}
	return h, nil
}

// parser scans a small subset of Python literal syntax.
type parser struct {
	s   string
	pos int
}

func (p *parser) errorf(format string, a ...any) error {
	return fmt.Errorf("at offset %d: %s", p.pos, fmt.Sprintf(format, a...))
}

func (p *parser) peek() byte {
	if p.pos < len(p.s) {
		return p.s[p.pos]
	}
	return 0
}

func (p *parser) space() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

func (p *parser) expect(c byte) error {
	p.space()
	if p.peek() != c {
		return p.errorf("expected %q", c)
	}
	p.pos++
	return nil
}

// str parses a single- or double-quoted string. A backslash escapes the
// character after it.
func (p *parser) str() (string, error) {
	q := p.peek()
	if q != '\'' && q != '"' {
		return "", p.errorf("expected a string")
	}
	p.pos++
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		p.pos++
		switch {
		case c == q:
			return b.String(), nil
		case c == '\\' && p.pos < len(p.s):
			b.WriteByte(p.s[p.pos])
			p.pos++
		case c == '\n':
			return "", p.errorf("newline in string")
		default:
			b.WriteByte(c)
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *parser) boolean() (bool, error) {
	for _, w := range []string{"True", "False"} {
		if strings.HasPrefix(p.s[p.pos:], w) {
			p.pos += len(w)
			return w == "True", nil
		}
	}
	return false, p.errorf("expected True or False")
}

// tuple parses a tuple of non-negative integers: (), (5,) or (1, 2, 3).
// Like Python, (5) is not a tuple.
func (p *parser) tuple() ([]int, error) {
	if p.peek() != '(' {
		return nil, p.errorf("expected a tuple")
	}
	p.pos++
	dims := []int{}
	comma := false
	for {
		p.space()
		if p.peek() == ')' {
			p.pos++
			if len(dims) == 1 && !comma {
				return nil, p.errorf("(n) is not a tuple; write (n,)")
			}
			return dims, nil
		}
		if len(dims) > 0 && !comma {
			return nil, p.errorf("expected ',' or ')'")
		}
		n, err := p.integer()
		if err != nil {
			return nil, err
		}
		dims = append(dims, n)
		p.space()
		comma = p.peek() == ','
		if comma {
			p.pos++
		}
	}
}

// integer parses a non-negative decimal integer no larger than MaxInt32,
// allowing the L suffix of Python 2 longs.
func (p *parser) integer() (int, error) {
	start := p.pos
	for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
		p.pos++
	}
	if start == p.pos {
		return 0, p.errorf("expected a non-negative integer")
	}
	n, err := strconv.ParseInt(p.s[start:p.pos], 10, 64)
	if err != nil || n > math.MaxInt32 {
		return 0, fmt.Errorf("dimension %s is too large", p.s[start:p.pos])
	}
	if p.peek() == 'L' {
		p.pos++
	}
	return int(n), nil
}

// formatHeader returns the header dictionary exactly as NumPy's
// _write_array_header writes it, before padding: keys sorted, Python reprs of
// the values, and the spare spaces NumPy adds after the dict so the first
// dimension can grow in place (GROWTH_AXIS_MAX_DIGITS = 21).
func formatHeader(descr string, shape []int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{'descr': '%s', 'fortran_order': False, 'shape': (", descr)
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteString("), }")
	if len(shape) > 0 {
		const growthAxisMaxDigits = 21
		if n := growthAxisMaxDigits - len(strconv.Itoa(shape[0])); n > 0 {
			b.WriteString(strings.Repeat(" ", n))
		}
	}
	return b.String()
}
