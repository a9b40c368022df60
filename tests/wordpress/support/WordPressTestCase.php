<?php
/**
 * Base of the WordPress tests: WordPress is loaded (bootstrap.php) against the
 * network made by scripts/with-wordpress.sh, the fake panel is running.
 *
 * Each test starts with a fresh panel state, the super admin logged in on the main
 * site and no captured mail. There is no database transaction around a test: what
 * a test adds is removed in tearDown() instead, namely sites, users, network
 * options and main-site options (transients included) that did not exist before
 * it, and the main site's cron events go back to what they were. Changed values of
 * options that existed before are not restored; a test that changes one restores
 * it, or names it with forgetSiteOption()/forgetOption() to have it deleted.
 */

declare(strict_types=1);

namespace WuHosting\Tests\WordPress;

use PHPUnit\Framework\TestCase;
use WuHosting\Tests\FakePanel;

abstract class WordPressTestCase extends TestCase
{
    public const ADMIN_LOGIN = 'admin';
    public const ADMIN_PASSWORD = 'password';

    protected FakePanel $panel;

    /** @var array<string, true> network option names before the test */
    private array $siteOptionsBefore = [];

    /** @var array<string, true> main site option names before the test */
    private array $optionsBefore = [];

    private int $lastBlogIdBefore = 0;

    private int $lastUserIdBefore = 0;

    /** @var array<int, mixed>|false */
    private $cronBefore = false;

    private bool $errorFilterInstalled = false;
    private bool $closteKeyGiven = false;

    /** @var array<int, string> */
    private array $forgetSiteOptions = [];

    /** @var array<int, string> */
    private array $forgetOptions = [];

    protected function setUp(): void
    {
        global $wpdb;
        parent::setUp();
        $this->panel = new FakePanel();
        $this->panel->reset();

        $this->installErrorFilter();
        $this->toMainSite();
        $GLOBALS['wu_test_sent_mail'] = [];

        $network = get_current_network_id();
        $this->siteOptionsBefore = array_fill_keys($wpdb->get_col($wpdb->prepare(
            "SELECT meta_key FROM {$wpdb->sitemeta} WHERE site_id = %d",
            $network
        )), true);
        $this->optionsBefore = array_fill_keys($wpdb->get_col("SELECT option_name FROM {$wpdb->options}"), true);
        $this->lastBlogIdBefore = (int) $wpdb->get_var("SELECT MAX(blog_id) FROM {$wpdb->blogs}");
        $this->lastUserIdBefore = (int) $wpdb->get_var("SELECT MAX(ID) FROM {$wpdb->users}");
        $this->cronBefore = _get_cron_array();
    }

    protected function tearDown(): void
    {
        global $wpdb;
        try {
            $this->panel->admin('DELETE', 'faults');
            if ($this->closteKeyGiven) {
                \WuHosting\Plugin\Panel::get(\WuHosting\Plugin\Panel::CLOSTE)->use_credentials(null);
                $this->closteKeyGiven = false;
            }
            $this->toMainSite();

            foreach ($wpdb->get_col($wpdb->prepare("SELECT blog_id FROM {$wpdb->blogs} WHERE blog_id > %d", $this->lastBlogIdBefore)) as $id) {
                wpmu_delete_blog((int) $id, true);
            }
            foreach ($wpdb->get_col($wpdb->prepare("SELECT ID FROM {$wpdb->users} WHERE ID > %d", $this->lastUserIdBefore)) as $id) {
                wpmu_delete_user((int) $id);
            }

            $network = get_current_network_id();
            $siteOptions = $wpdb->get_col($wpdb->prepare("SELECT meta_key FROM {$wpdb->sitemeta} WHERE site_id = %d", $network));
            foreach ($siteOptions as $name) {
                if (!isset($this->siteOptionsBefore[$name])) {
                    delete_network_option($network, $name);
                }
            }
            foreach ($this->forgetSiteOptions as $name) {
                delete_network_option($network, $name);
            }

            if ($this->cronBefore !== false) {
                _set_cron_array($this->cronBefore);
            }
            foreach ($wpdb->get_col("SELECT option_name FROM {$wpdb->options}") as $name) {
                if (!isset($this->optionsBefore[$name])) {
                    delete_option($name);
                }
            }
            foreach ($this->forgetOptions as $name) {
                delete_option($name);
            }
            wp_cache_flush();
        } finally {
            if ($this->errorFilterInstalled) {
                restore_error_handler();
                $this->errorFilterInstalled = false;
            }
            parent::tearDown();
        }
    }

    /**
     * The test network is an Enhance network: wp-config.php has no Closte key (see
     * scripts/wordpress-install.php). For the length of a test, the plugin's Closte
     * panel gets the fake panel's key the way stored credentials reach it.
     */
    protected function giveClosteKey(): void
    {
        $key = (string) $this->panel->ready['closte_api_key'];
        \WuHosting\Plugin\Panel::get(\WuHosting\Plugin\Panel::CLOSTE)->use_credentials(static fn (): array => ['CLOSTE_CLIENT_API_KEY' => $key]);
        $this->closteKeyGiven = true;
    }

    /** Deletes the network option $name after the test, even if it existed before. */
    protected function forgetSiteOption(string $name): void
    {
        $this->forgetSiteOptions[] = $name;
    }

    /** Deletes the main site's option $name after the test, even if it existed before. */
    protected function forgetOption(string $name): void
    {
        $this->forgetOptions[] = $name;
    }

    /** Deletes network options and network transients now. */
    protected function deleteSiteOptions(string ...$names): void
    {
        foreach ($names as $name) {
            delete_site_option($name);
            delete_site_transient($name);
        }
    }

    /** Back on the main site as the super admin. */
    protected function toMainSite(): void
    {
        while (ms_is_switched()) {
            restore_current_blog();
        }
        $admin = get_user_by('login', self::ADMIN_LOGIN);
        wp_set_current_user($admin->ID);
    }

    /**
     * Runs the due WP-Cron events of the current site now, as wp-cron.php does:
     * recurring events are rescheduled, each event is unscheduled, then its hook
     * runs. $secondsAhead runs the events that would be due that many seconds from
     * now. Events scheduled while running wait for the next call. WordPress's own
     * events (wp_version_check, ...) are due on a new network too; $hooks, when
     * given, limits the run to those hooks and leaves the others scheduled.
     *
     * @param array<int, string>|null $hooks
     * @return array<int, array{hook: string, args: array<int, mixed>, timestamp: int}> what ran, in order
     */
    protected function runDueCron(int $secondsAhead = 0, ?array $hooks = null): array
    {
        $now = microtime(true) + $secondsAhead;
        $crons = _get_cron_array();
        $ran = [];
        if (!is_array($crons)) {
            return $ran;
        }
        $doingCron = static fn (): bool => true;
        add_filter('wp_doing_cron', $doingCron);
        try {
            foreach ($crons as $timestamp => $eventsByHook) {
                if ($timestamp > $now) {
                    break;
                }
                foreach ($eventsByHook as $hook => $events) {
                    if ($hooks !== null && !in_array($hook, $hooks, true)) {
                        continue;
                    }
                    foreach ($events as $event) {
                        if ($event['schedule']) {
                            $this->assertNotWPError(wp_reschedule_event($timestamp, $event['schedule'], $hook, $event['args'], true));
                        }
                        $this->assertNotWPError(wp_unschedule_event($timestamp, $hook, $event['args'], true));
                        do_action_ref_array($hook, $event['args']);
                        $ran[] = ['hook' => $hook, 'args' => $event['args'], 'timestamp' => (int) $timestamp];
                    }
                }
            }
        } finally {
            remove_filter('wp_doing_cron', $doingCron);
        }
        return $ran;
    }

    /**
     * PHP as this process runs (same ini, same shared extensions), with changes.
     *
     * @param list<string> $drop shared extensions to leave out
     * @return list<string>
     */
    protected function php(array $drop = [], array $ini = []): array
    {
        $args = [PHP_BINARY, '-n'];
        $dir = (string) ini_get('extension_dir');
        foreach (get_loaded_extensions() as $ext) {
            $name = strtolower($ext);
            $file = $name === 'zend opcache' ? 'opcache' : $name;
            if (!in_array($name, $drop, true) && is_file("$dir/$file.so")) {
                $args[] = '-d';
                $args[] = "extension=$file";
            }
        }
        if (extension_loaded('wu_hosting') && !in_array('wu_hosting', $drop, true)) {
            $args[] = '-d';
            $args[] = 'extension=' . (getenv('WU_HOSTING_EXTENSION') ?: dirname(__DIR__, 3) . '/target/release/libwu_hosting.so');
        }
        foreach ($ini + ['ffi.enable' => (string) ini_get('ffi.enable'), 'display_errors' => 'stderr'] as $k => $v) {
            $args[] = '-d';
            $args[] = "$k=$v";
        }
        return $args;
    }

    /**
     * Runs child/<scenario>.php in a PHP process of its own (see child/run.php) with
     * $env added to this one's environment; returns its answer.
     *
     * @param list<string> $php
     * @param array<string, string> $env
     * @return array<mixed>
     */
    protected function child(string $scenario, array $php, array $env = []): array
    {
        $php[] = dirname(__DIR__) . '/child/run.php';
        $php[] = $scenario;
        $proc = proc_open($php, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env + getenv());
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        $status = proc_close($proc);
        $this->assertSame(0, $status, "child $scenario failed: $err $out");
        $at = strrpos($out, "@@answer@@\n");
        $this->assertNotFalse($at, "child $scenario gave no answer: $out $err");
        return (array) json_decode(substr($out, $at + 11), true);
    }

    /** @return array<int, array<string, mixed>> the mails wp_mail() "sent" in this test (to, subject, message, headers, attachments) */
    protected function sentMail(): array
    {
        return $GLOBALS['wu_test_sent_mail'] ?? [];
    }

    /** @param mixed $value */
    protected function assertNotWPError($value, string $message = ''): void
    {
        $this->assertNotInstanceOf(
            \WP_Error::class,
            $value,
            $message . ($value instanceof \WP_Error ? ' ' . $value->get_error_code() . ': ' . $value->get_error_message() : '')
        );
    }

    /**
     * Deprecations raised by the engine in WordPress's own files are not the suite's
     * concern. Every other notice,
     * warning or deprecation (the plugins', WordPress's _deprecated_*() calls) goes
     * on to PHPUnit, which fails the test.
     */
    private function installErrorFilter(): void
    {
        $core = [rtrim(ABSPATH, '/') . '/wp-includes/', rtrim(ABSPATH, '/') . '/wp-admin/', '/usr/share/php/', '/usr/share/wordpress/'];
        $previous = null;
        $previous = set_error_handler(static function (int $errno, string $errstr, string $errfile = '', int $errline = 0) use (&$previous, $core): bool {
            if ($errno === E_DEPRECATED) {
                foreach ($core as $dir) {
                    if (str_starts_with($errfile, $dir)) {
                        return true;
                    }
                }
            }
            return is_callable($previous) ? (bool) $previous($errno, $errstr, $errfile, $errline) : false;
        });
        $this->errorFilterInstalled = true;
    }
}
