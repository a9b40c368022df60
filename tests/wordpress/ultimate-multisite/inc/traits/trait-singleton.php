<?php
/**
 * Test stand-in of WP_Ultimo\Traits\Singleton (inc/traits/trait-singleton.php).
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract. Same members and signatures as the real trait.
 */

namespace WP_Ultimo\Traits;

defined('ABSPATH') || exit;

trait Singleton {

	/**
	 * The instance (one per using class).
	 *
	 * @var object
	 */
	public static object $instance;

	/**
	 * Returns the instance, creating it and calling init() on first use.
	 */
	public static function get_instance(): object {

		if ( ! isset(static::$instance) || ! static::$instance instanceof static) {
			static::$instance = new static();

			static::$instance->init();
		}

		return static::$instance;
	}

	/**
	 * Runs on instantiation; calls the parent's init() when there is one.
	 */
	public function init(): void {

		$this->has_parents() && method_exists(get_parent_class($this), 'init') && parent::init();
	}

	/**
	 * Whether the using class has parent classes.
	 */
	public function has_parents(): bool {

		return (bool) class_parents($this);
	}

	/**
	 * Instances come from get_instance() only.
	 */
	final private function __construct() {}
}
