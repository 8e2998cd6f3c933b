package resolvers

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

type clientAddrKey struct{}

// withClientAddr returns ctx carrying the address the request comes from.
func withClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

// clientAddrFrom returns the address the request of ctx comes from.
func clientAddrFrom(ctx context.Context) string {
	a, _ := ctx.Value(clientAddrKey{}).(string)
	return a
}

// clientAddr returns the address req comes from, as the throttle of logins
// counts it: the address of the connection or, when that is a trusted
// proxy, the nearest address of X-Forwarded-For that is not one. An IPv6
// address counts as its /64, the block one subscriber usually holds.
func clientAddr(req *http.Request, trusted []netip.Prefix) string {
	addr, err := netip.ParseAddrPort(req.RemoteAddr)
	if err != nil {
		a, err := netip.ParseAddr(req.RemoteAddr)
		if err != nil {
			return req.RemoteAddr
		}
		addr = netip.AddrPortFrom(a, 0)
	}
	client := addr.Addr().Unmap()
	if isTrusted(client, trusted) {
		hops := strings.Split(strings.Join(req.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break
			}
			client = hop.Unmap()
			if !isTrusted(client, trusted) {
				break
			}
		}
	}
	if client.Is6() {
		return netip.PrefixFrom(client, 64).Masked().String()
	}
	return client.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseTrustedProxies reads a comma-separated list of addresses and CIDR
// blocks ("10.0.0.0/8, 127.0.0.1") of trusted reverse proxies.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an IP address nor a CIDR block", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
