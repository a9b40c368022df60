<?php
/**
 * Wires the plugin into WordPress: the native functions (extension, else FFI),
 * the providers for whichever Ultimate Multisite is installed, the retry queue,
 * the failure notice, the readiness filters, the log and WP-CLI. Without native
 * code it only says so and stands aside.
 *
 * @package WuHosting
 */

namespace WuHosting\Plugin;

defined('ABSPATH') || exit;

/**
 * The plugin's one instance.
 */
final class Plugin {

	private static ?Plugin $instance = null;

	private string $mode;
	private Retry_Queue $queue;
	private Failures $failures;
	private Domain_Sync $sync;
	private Readiness $readiness;
	private Retrying $retrying;
	private Status_Checks $status_checks;

	public static function instance(): Plugin {
		if (null === self::$instance) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	private function __construct() {
		$this->mode      = function_exists('wu_hosting_native_mode') ? wu_hosting_native_mode() : (extension_loaded('wu_hosting') ? 'extension' : 'none');
		$this->queue     = new Retry_Queue();
		$this->failures  = new Failures();
		$this->retrying  = new Retrying();
		$this->sync      = new Domain_Sync($this->queue, $this->failures, $this->retrying);
		$this->readiness = new Readiness();
		$this->status_checks = new Status_Checks($this->queue);
	}

	/** 'extension', 'ffi' or 'none'. */
	public function mode(): string {
		return $this->mode;
	}

	public function sync(): Domain_Sync {
		return $this->sync;
	}

	public function failures(): Failures {
		return $this->failures;
	}

	public function readiness(): Readiness {
		return $this->readiness;
	}

	public function queue(): Retry_Queue {
		return $this->queue;
	}

	public function retrying(): Retrying {
		return $this->retrying;
	}

	public function status_checks(): Status_Checks {
		return $this->status_checks;
	}

	/** Hooks everything; called once when the plugin file loads. */
	public function boot(): void {
		if ('none' === $this->mode) {
			add_action('network_admin_notices', [$this, 'missing_native_notice']);
			return;
		}
		Log::attach();
		$this->failures->register();
		$this->readiness->register();
		$this->status_checks->register();
		( new Status_Page($this->status_checks) )->register();
		add_action(Retry_Queue::HOOK, [$this->sync, 'run']);
		Providers::register();
		if (defined('WP_CLI') && WP_CLI) {
			Cli\Commands::register();
		}
	}

	/** Without the extension or FFI the plugin does nothing but say so. */
	public function missing_native_notice(): void {
		if (!current_user_can('manage_network')) {
			return;
		}
		$why = class_exists(\WuHosting\Native\Ffi_Library::class) ? \WuHosting\Native\Ffi_Library::unavailable_reason() : null;
		printf(
			'<div class="notice notice-warning"><p>%s</p>%s</div>',
			esc_html__('wu_hosting: the wu_hosting PHP extension is not loaded, so this plugin is standing aside and Ultimate Multisite\'s own hosting integration keeps working. Install the extension (make install, then restart PHP-FPM) or enable PHP\'s FFI with WU_HOSTING_FFI_LIBRARY pointing at libwu_hosting.so.', 'wu-hosting'),
			$why ? '<p>' . esc_html($why) . '</p>' : ''
		);
	}
}
