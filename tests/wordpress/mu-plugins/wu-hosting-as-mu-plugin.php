<?php
/**
 * Test switch: with WU_HOSTING_AS_MU_PLUGIN=1 in the environment, the wu-hosting
 * plugin is loaded as a must-use plugin, through a one-line loader as the README
 * describes, and not as a network-active plugin.
 */

if (getenv('WU_HOSTING_AS_MU_PLUGIN') === '1') {
    add_filter('site_option_active_sitewide_plugins', static function ($plugins) {
        unset($plugins['wu-hosting/wu-hosting.php']);
        return $plugins;
    });
    require WP_CONTENT_DIR . '/plugins/wu-hosting/wu-hosting.php';
}
