<?php
/**
 * A php-fpm pool of its own (Debian's php-fpm8.2): `pm = static` with a given
 * number of workers, the extension loaded by the master before it forks, a
 * Unix socket in a private temporary directory. stop() ends the pool and removes
 * the directory; it is also registered to run when the script ends, so a pool
 * never outlives the process that started it, whatever stops that process.
 * request() speaks FastCGI to a pool directly (one connection per request, as a
 * web server without kept FastCGI connections does).
 */

declare(strict_types=1);

namespace WuHosting\Tests;

final class FpmPool
{
    public const BINARY = '/usr/sbin/php-fpm8.2';

    public readonly string $dir;
    public readonly string $socket;

    /** @var resource|null */
    private $process = null;

    /**
     * @param array<string, string> $ini more -d settings for the pool's PHP
     */
    public function __construct(string $extension, int $workers, array $ini = [])
    {
        if (!is_executable(self::BINARY)) {
            throw new \RuntimeException(self::BINARY . ' is missing (scripts/deps.sh installs php8.2-fpm)');
        }
        $this->dir = sys_get_temp_dir() . '/wu-fpm-' . getmypid() . '-' . bin2hex(random_bytes(4));
        $this->socket = "{$this->dir}/fpm.sock";
        if (!mkdir($this->dir, 0700)) {
            throw new \RuntimeException("cannot make {$this->dir}");
        }
        register_shutdown_function([$this, 'stop']);
        file_put_contents("{$this->dir}/fpm.conf", <<<INI
            [global]
            pid = {$this->dir}/fpm.pid
            error_log = {$this->dir}/fpm.log
            daemonize = no

            [wu]
            user = root
            group = root
            listen = {$this->socket}
            pm = static
            pm.max_children = $workers
            catch_workers_output = yes
            clear_env = yes
            INI);
        $command = [self::BINARY, '-R', '-F', '-n', '-y', "{$this->dir}/fpm.conf", '-d', "extension=$extension"];
        foreach ($ini as $name => $value) {
            $command[] = '-d';
            $command[] = "$name=$value";
        }
        $process = proc_open($command, [
            0 => ['file', '/dev/null', 'r'],
            1 => ['file', "{$this->dir}/stdout", 'w'],
            2 => ['file', "{$this->dir}/stderr", 'w'],
        ], $pipes);
        if (!is_resource($process)) {
            throw new \RuntimeException('cannot start ' . self::BINARY);
        }
        $this->process = $process;
        for ($i = 0; $i < 100 && !file_exists($this->socket) && proc_get_status($process)['running']; $i++) {
            usleep(50_000);
        }
        if (!file_exists($this->socket)) {
            throw new \RuntimeException('php-fpm did not start: ' . $this->log());
        }
    }

    /**
     * The pool's workers and their resident memory now (VmRSS, kB), read from /proc.
     *
     * @return array<int, int> pid => kB
     */
    public function workers(): array
    {
        $master = $this->process === null ? 0 : proc_get_status($this->process)['pid'];
        $out = [];
        foreach (glob('/proc/[0-9]*/status') ?: [] as $file) {
            $status = (string) @file_get_contents($file);
            if (preg_match('/^PPid:\s+(\d+)$/m', $status, $ppid) && (int) $ppid[1] === $master
                && preg_match('/^Pid:\s+(\d+)$/m', $status, $pid) && preg_match('/^VmRSS:\s+(\d+) kB$/m', $status, $rss)) {
                $out[(int) $pid[1]] = (int) $rss[1];
            }
        }
        return $out;
    }

    /** What php-fpm wrote: its error log, stdout and stderr. */
    public function log(): string
    {
        return implode('', array_map(fn ($f) => (string) @file_get_contents("{$this->dir}/$f"), ['fpm.log', 'stdout', 'stderr']));
    }

    /** Stops the pool (its master ends the workers) and removes its directory; again is a no-op. */
    public function stop(): void
    {
        if ($this->process !== null) {
            proc_terminate($this->process);
            proc_close($this->process);
            $this->process = null;
        }
        if (is_dir($this->dir)) {
            array_map('unlink', glob("{$this->dir}/*") ?: []);
            @rmdir($this->dir);
        }
    }

    /**
     * One FastCGI request (responder role, no body) with these parameters to the
     * pool listening on $socket (a pool's $socket, also from another process);
     * returns [the response's header block, its body, what the script wrote to stderr].
     *
     * @param array<string, string> $params
     * @return array{0: string, 1: string, 2: string}
     */
    public static function request(string $socket, array $params, float $timeout = 60.0): array
    {
        $sock = @stream_socket_client("unix://$socket", $errno, $error, $timeout);
        if ($sock === false) {
            throw new \RuntimeException("cannot connect to php-fpm: $error");
        }
        stream_set_timeout($sock, (int) ceil($timeout));
        $pairs = '';
        foreach ($params as $name => $value) {
            $pairs .= self::length(strlen((string) $name)) . self::length(strlen($value)) . $name . $value;
        }
        // FCGI_BEGIN_REQUEST (role 1: responder, flags 0: close the connection
        // afterwards), FCGI_PARAMS and its empty end, an empty FCGI_STDIN.
        self::write($sock, self::record(1, pack('nCx5', 1, 0)) . self::record(4, $pairs) . self::record(4, '') . self::record(5, ''));
        $stdout = '';
        $stderr = '';
        while (true) {
            $h = unpack('Cversion/Ctype/nid/nlength/Cpadding', self::read($sock, 8));
            $content = substr(self::read($sock, $h['length'] + $h['padding']), 0, $h['length']);
            if ($h['type'] === 6) {
                $stdout .= $content;
            } elseif ($h['type'] === 7) {
                $stderr .= $content;
            } elseif ($h['type'] === 3) {
                break;
            }
        }
        fclose($sock);
        $cut = strpos($stdout, "\r\n\r\n");
        return $cut === false ? ['', $stdout, $stderr] : [substr($stdout, 0, $cut), substr($stdout, $cut + 4), $stderr];
    }

    private static function record(int $type, string $content): string
    {
        return pack('CCnnCx', 1, $type, 1, strlen($content), 0) . $content;
    }

    private static function length(int $n): string
    {
        return $n < 128 ? chr($n) : pack('N', $n | 0x80000000);
    }

    /** @param resource $sock */
    private static function write($sock, string $data): void
    {
        while ($data !== '') {
            $n = fwrite($sock, $data);
            if ($n === false || $n === 0) {
                throw new \RuntimeException('php-fpm closed the connection while the request was sent');
            }
            $data = substr($data, $n);
        }
    }

    /** @param resource $sock */
    private static function read($sock, int $n): string
    {
        $data = '';
        while (strlen($data) < $n) {
            $chunk = fread($sock, $n - strlen($data));
            if ($chunk === false || $chunk === '') {
                $why = stream_get_meta_data($sock)['timed_out'] ? 'timed out' : 'closed the connection';
                throw new \RuntimeException("php-fpm $why before the answer was complete");
            }
            $data .= $chunk;
        }
        return $data;
    }
}
