<?php
/**
 * Talks to the running fake-panel: its ready line, and its admin API (state,
 * faults, switches) over the same HTTPS listener, trusting the panel's own CA.
 */

declare(strict_types=1);

namespace WuHosting\Tests;

final class FakePanel
{
    /** @var array<string, string> */
    public array $ready;

    /** @var resource|null a panel this object started, stopped by stop() */
    private $process = null;

    public function __construct(?string $readyLine = null)
    {
        $line = $readyLine ?? (string) getenv('FAKE_PANEL_READY');
        $ready = json_decode($line, true);
        if (!is_array($ready) || !isset($ready['enhance_api_url'], $ready['admin_url'])) {
            throw new \RuntimeException("Not a fake-panel ready line: $line");
        }
        $this->ready = $ready;
    }

    /** Starts a private fake-panel with extra command-line options. */
    public static function spawn(array $args = []): self
    {
        $binary = getenv('FAKE_PANEL') ?: dirname(__DIR__, 3) . '/target/release/fake-panel';
        $proc = proc_open(array_merge([$binary], $args), [1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']], $pipes);
        if (!is_resource($proc)) {
            throw new \RuntimeException("cannot start $binary");
        }
        $line = fgets($pipes[1]);
        if ($line === false) {
            proc_terminate($proc);
            throw new \RuntimeException("$binary printed no ready line");
        }
        $panel = new self($line);
        $panel->process = $proc;
        return $panel;
    }

    public function stop(): void
    {
        if ($this->process !== null) {
            proc_terminate($this->process);
            proc_close($this->process);
            $this->process = null;
        }
    }

    /** The $config array that points the extension at this panel. */
    public function config(array $overrides = []): array
    {
        return array_merge([
            'api_url' => $this->ready['enhance_api_url'],
            'api_token' => $this->ready['enhance_token'],
            'org_id' => $this->ready['enhance_org_id'],
            'website_id' => $this->ready['enhance_website_id'],
            'ca_file' => $this->ready['ca_file'],
        ], $overrides);
    }

    /** The $config array that points the Closte functions at this panel. */
    public function closteConfig(array $overrides = []): array
    {
        return array_merge([
            'api_url' => $this->ready['closte_api_url'],
            'api_key' => $this->ready['closte_api_key'],
            'ca_file' => $this->ready['ca_file'],
        ], $overrides);
    }

    /** @return array<string, bool> the Closte app's aliases: domain => wildcard */
    public function closteAliases(): array
    {
        return array_column($this->state()['closte']['aliases'], 'wildcard', 'domain');
    }

    /** The seed guide's configuration: token, URL and server id only. */
    public function seedConfig(array $overrides = []): array
    {
        return array_merge([
            'api_url' => $this->ready['enhance_api_url'],
            'api_token' => $this->ready['enhance_token'],
            'server_id' => $this->ready['enhance_server_id'],
            'network_domain' => $this->ready['enhance_network_domain'],
            'ca_file' => $this->ready['ca_file'],
        ], $overrides);
    }

    /** The $config array of a token of the network's own (customer) organisation. */
    public function customerConfig(array $overrides = []): array
    {
        return $this->config(array_merge(['api_token' => $this->ready['enhance_customer_token']], $overrides));
    }

    /**
     * Calls the Enhance API itself (as an admin in the panel's UI would), with
     * the master organisation's token unless another is given; returns
     * [status, decoded body].
     *
     * @return array{0: int, 1: mixed}
     */
    public function api(string $method, string $path, ?array $body = null, ?string $token = null): array
    {
        $context = stream_context_create([
            'http' => [
                'method' => $method,
                'header' => "Content-Type: application/json\r\nConnection: close\r\nAuthorization: Bearer "
                    . ($token ?? $this->ready['enhance_token']) . "\r\n",
                'content' => $body === null ? '' : json_encode($body),
                'ignore_errors' => true,
                'timeout' => 30,
            ],
            'ssl' => ['cafile' => $this->ready['ca_file'], 'verify_peer' => true, 'verify_peer_name' => true],
        ]);
        $text = @file_get_contents($this->ready['enhance_api_url'] . ltrim($path, '/'), false, $context);
        if ($text === false) {
            throw new \RuntimeException("fake-panel API call failed: $method $path");
        }
        preg_match('#^HTTP/\S+ (\d{3})#', $http_response_header[0] ?? '', $m);
        return [(int) ($m[1] ?? 0), json_decode($text, true)];
    }

    /** Maps `$domain` onto the network website as `$kind` (addon, subdomain, alias) through the API. */
    public function mapAs(string $domain, string $kind): string
    {
        $site = 'orgs/' . $this->ready['enhance_org_id'] . '/websites/' . $this->ready['enhance_website_id'];
        [$status, $body] = $this->api('POST', "$site/domains", ['domain' => $domain, 'kind' => $kind]);
        if ($status !== 201) {
            throw new \RuntimeException("mapping $domain as $kind answered $status: " . json_encode($body));
        }
        return $body['id'];
    }

    public function admin(string $method, string $path, ?array $body = null): array
    {
        $context = stream_context_create([
            'http' => [
                'method' => $method,
                'header' => "Content-Type: application/json\r\nConnection: close\r\n",
                'content' => $body === null ? '' : json_encode($body),
                'ignore_errors' => true,
                'timeout' => 30,
            ],
            'ssl' => ['cafile' => $this->ready['ca_file'], 'verify_peer' => true, 'verify_peer_name' => true],
        ]);
        $url = rtrim($this->ready['admin_url'], '/') . '/' . ltrim($path, '/');
        $text = @file_get_contents($url, false, $context);
        if ($text === false) {
            throw new \RuntimeException("fake-panel admin call failed: $method $url");
        }
        $status = 0;
        foreach ($http_response_header ?? [] as $h) {
            if (preg_match('#^HTTP/\S+ (\d{3})#', $h, $m)) {
                $status = (int) $m[1];
            }
        }
        if ($status >= 300) {
            throw new \RuntimeException("fake-panel admin call $method $path answered $status: $text");
        }
        return $text === '' ? [] : (array) json_decode($text, true);
    }

    public function reset(): void
    {
        $this->admin('POST', 'reset');
    }

    public function state(): array
    {
        return $this->admin('GET', 'state');
    }

    /** @param array<int, array<string, mixed>> $rules */
    public function faults(array $rules): void
    {
        $this->admin('POST', 'faults', ['faults' => $rules]);
    }

    public function switches(array $switches): void
    {
        $this->admin('POST', 'switches', $switches);
    }

    public function setDns(string $domain, string $status): void
    {
        $this->admin('POST', 'dns', ['domain' => $domain, 'status' => $status]);
    }

    /** The network website as the panel holds it. */
    public function networkWebsite(): array
    {
        foreach ($this->state()['websites'] as $w) {
            if ($w['id'] === $this->ready['enhance_website_id']) {
                return $w;
            }
        }
        throw new \RuntimeException('The network website is missing from the panel state');
    }

    /** @return array<string, string> domain name => domain id on the network website */
    public function networkDomains(): array
    {
        $out = [];
        foreach ($this->networkWebsite()['domains'] as $d) {
            $out[$d['domain']] = $d['id'];
        }
        return $out;
    }

    public function requestCount(): int
    {
        return (int) $this->state()['requests'];
    }

    /** @return array<int, array{method: string, path: string, conn: int, status: int}> requests after $since */
    public function requestsSince(int $since): array
    {
        $state = $this->state();
        $new = $state['requests'] - $since;
        return $new <= 0 ? [] : array_slice($state['log'], -$new);
    }
}
