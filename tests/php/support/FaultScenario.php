<?php
/**
 * A sync under random, seeded faults on about 10% of the panel's requests, as a
 * hostile network and a careless panel would treat it: 503s, 429s with
 * Retry-After, connections closed before the request reached the panel, requests
 * done by the panel whose answer is lost, and stalls past the client's timeout
 * before or after the panel acted. Used by the fault tests (a few hundred names)
 * and by `make bench` (10,000 names): the same steps, measured the same way.
 */

declare(strict_types=1);

namespace WuHosting\Tests;

final class FaultScenario
{
    /** The client's timeout (seconds): the stalls last longer. */
    public const TIMEOUT = 1;

    public function __construct(private FakePanel $panel, private int $seed)
    {
    }

    /** Fault rules that hit about 10% of all requests, reads and writes alike. */
    public function rules(): array
    {
        $stall = 1000 * self::TIMEOUT + 500;
        return [
            ['kind' => 'status', 'status' => 503, 'count' => -1, 'probability' => 0.025],
            ['kind' => 'status', 'status' => 429, 'retry_after' => 1, 'count' => -1, 'probability' => 0.02,
                'body' => ['code' => 'too_many_requests']],
            ['kind' => 'drop', 'count' => -1, 'probability' => 0.02],
            ['kind' => 'drop_after', 'count' => -1, 'probability' => 0.02],
            ['kind' => 'delay', 'ms' => $stall, 'count' => -1, 'probability' => 0.01],
            ['kind' => 'delay_after', 'ms' => $stall, 'count' => -1, 'probability' => 0.01],
        ];
    }

    public function faultsOn(): void
    {
        $this->panel->admin('POST', 'faults', ['faults' => $this->rules(), 'seed' => $this->seed]);
    }

    public function faultsOff(): void
    {
        $this->panel->admin('DELETE', 'faults');
    }

    /**
     * Runs one sync under faults and compares the panel with what was wanted.
     *
     * @param 'enhance'|'closte' $panelKind
     * @param list<string> $wanted
     * @return array{report: array, seconds: float, missing: list<string>, extra: list<string>,
     *               false_failed: list<string>, false_done: list<string>, requests: int}
     */
    public function sync(string $panelKind, array $wanted, array $options): array
    {
        $config = $panelKind === 'enhance'
            ? $this->panel->config(['timeout' => self::TIMEOUT])
            : $this->panel->closteConfig(['timeout' => self::TIMEOUT]);
        $fn = $panelKind === 'enhance' ? 'wu_enhance_sync' : 'wu_closte_sync';
        $before = $this->panel->requestCount();
        $this->faultsOn();
        $started = microtime(true);
        try {
            $report = $fn($wanted, $options, $config);
        } finally {
            $seconds = microtime(true) - $started;
            $this->faultsOff();
        }
        $held = $this->held($panelKind);
        $want = array_fill_keys($wanted, true);
        $prune = !empty($options['prune']);
        $missing = array_values(array_filter($wanted, fn ($d) => !isset($held[$d])));
        $extra = $prune ? array_values(array_filter(array_keys($held), fn ($d) => !isset($want[$d]))) : [];
        // The report must say what the panel holds: a name it has is never failed,
        // a name it lacks is never added; a removal reported done is gone.
        $falseFailed = [];
        $falseDone = [];
        foreach ($report['entries'] as $e) {
            $there = isset($held[$e['domain']]);
            $wantedHere = isset($want[$e['domain']]);
            if ($e['action'] === 'failed' && ($wantedHere ? $there : !$there)) {
                $falseFailed[] = $e['domain'];
            }
            if (in_array($e['action'], ['added', 'kept'], true) && !$there) {
                $falseDone[] = $e['domain'];
            }
            if ($e['action'] === 'removed' && $there) {
                $falseDone[] = $e['domain'];
            }
        }
        return [
            'report' => $report,
            'seconds' => $seconds,
            'missing' => $missing,
            'extra' => $extra,
            'false_failed' => $falseFailed,
            'false_done' => $falseDone,
            'requests' => $this->panel->requestCount() - $before,
        ];
    }

    /** @return array<string, true> the aliases the panel holds */
    public function held(string $panelKind): array
    {
        if ($panelKind === 'closte') {
            return array_map(fn () => true, $this->panel->closteAliases());
        }
        $held = [];
        foreach ($this->panel->networkWebsite()['domains'] as $d) {
            if ($d['kind'] === 'alias') {
                $held[$d['domain']] = true;
            }
        }
        return $held;
    }
}
