<?php
/**
 * Test stand-in of Ultimate Multisite's scheduler wrappers (inc/functions/scheduler.php):
 * each runs the Action Scheduler call on the main site.
 *
 * Part of a test stand-in of Ultimate Multisite's public classes and hook firing,
 * written from its documented contract.
 */

defined('ABSPATH') || exit;

function wu_enqueue_async_action($hook, $args = [], $group = '') {

	return wu_switch_blog_and_run(fn() => as_enqueue_async_action($hook, $args, $group));
}

function wu_schedule_single_action($timestamp, $hook, $args = [], $group = '') {

	return wu_switch_blog_and_run(fn() => as_schedule_single_action($timestamp, $hook, $args, $group));
}

function wu_unschedule_action($hook, $args = [], $group = '') {

	return wu_switch_blog_and_run(fn() => as_unschedule_action($hook, $args, $group));
}

function wu_unschedule_all_actions($hook, $args = [], $group = '') {

	return wu_switch_blog_and_run(fn() => as_unschedule_all_actions($hook, $args, $group));
}

function wu_next_scheduled_action($hook, $args = null, $group = '') {

	return wu_switch_blog_and_run(fn() => as_next_scheduled_action($hook, $args, $group));
}

function wu_get_scheduled_actions($args = [], $return_format = OBJECT) {

	return wu_switch_blog_and_run(fn() => as_get_scheduled_actions($args, $return_format));
}
