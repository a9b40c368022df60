<?php
/**
 * Installs a WordPress multisite network (subdomain mode) with WordPress's own code,
 * as `wp core multisite-install` does. Run by scripts/with-wordpress.sh, in two
 * processes, because the multisite constants may only be defined once the network
 * tables exist:
 *
 *   php scripts/wordpress-install.php install   writes wp-config.php, runs wp_install(),
 *                                               creates the network tables, calls
 *                                               populate_network() and adds the
 *                                               multisite constants to wp-config.php
 *   php scripts/wordpress-install.php network   loads the network, checks it and
 *                                               network-activates the plugins
 *
 * Reads WP_ROOT, WP_DB_SOCKET, WP_DEBUG_LOG_FILE, the fake panel's variables
 * (DOMAIN_CURRENT_SITE, WU_ENHANCE_*, CLOSTE_CLIENT_API_KEY, WU_CLOSTE_API_URL,
 * WU_HOSTING_CA_FILE) and WU_HOSTING_FFI_LIBRARY from the environment. The
 * wp-config.php it writes picks its panel constants by WU_TEST_NETWORK at each load.
 */

declare(strict_types=1);

const WP_TEST_ADMIN_USER = 'admin';
const WP_TEST_ADMIN_PASSWORD = 'password';
const WP_TEST_SITE_TITLE = 'wu_hosting test network';
const WP_TEST_PLUGINS = ['ultimate-multisite/ultimate-multisite.php', 'wu-hosting/wu-hosting.php'];
const WP_CONFIG_END = "/* That's all, stop editing! Happy publishing. */";

function env(string $name): string
{
    $value = getenv($name);
    if ($value === false || $value === '') {
        fwrite(STDERR, "wordpress-install: $name is not set\n");
        exit(1);
    }
    return $value;
}

function fail(string $message): never
{
    fwrite(STDERR, "wordpress-install: $message\n");
    exit(1);
}

$q = 'quote';
$stage = $argv[1] ?? '';
$root = rtrim(env('WP_ROOT'), '/');
$domain = env('DOMAIN_CURRENT_SITE');

// A request for the network's main site, as the web server would describe it.
$_SERVER['HTTP_HOST'] = $domain;
$_SERVER['SERVER_NAME'] = $domain;
$_SERVER['SERVER_PORT'] = '80';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = "$root/index.php";
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';

if ($stage === 'install') {
    $config = $root . '/wp-config.php';
    file_put_contents($config, wp_config_text($root));

    define('WP_INSTALLING', true);
    require "$root/wp-load.php";
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    // There is no mail server: the installer's "your new site" mail is dropped.
    add_filter('pre_wp_mail', '__return_false');

    $url = "http://$domain";
    wp_install(WP_TEST_SITE_TITLE, WP_TEST_ADMIN_USER, "admin@$domain", true, '', WP_TEST_ADMIN_PASSWORD);
    if ($wpdb->last_error !== '') {
        fail("wp_install(): {$wpdb->last_error}");
    }
    update_option('siteurl', $url);
    update_option('home', $url);

    // As `wp core multisite-install`: the network tables are not registered on $wpdb
    // while the site is not yet a network.
    foreach ($wpdb->tables('ms_global') as $table => $prefixed) {
        $wpdb->$table = $prefixed;
    }
    install_network();
    $network = populate_network(1, $domain, "admin@$domain", WP_TEST_SITE_TITLE, '/', true);
    // A subdomain network checks a random host name for wildcard DNS; there is none
    // here, which WordPress reports and WP-CLI only warns about.
    if (is_wp_error($network) && $network->get_error_code() !== 'no_wildcard_dns') {
        fail('populate_network(): ' . $network->get_error_message());
    }
    delete_site_option('upload_space_check_disabled');
    update_site_option('upload_space_check_disabled', 1);

    $multisite = <<<PHP
        define( 'WP_ALLOW_MULTISITE', true );
        define( 'MULTISITE', true );
        define( 'SUBDOMAIN_INSTALL', true );
        define( 'DOMAIN_CURRENT_SITE', {$q($domain)} );
        define( 'PATH_CURRENT_SITE', '/' );
        define( 'SITE_ID_CURRENT_SITE', 1 );
        define( 'BLOG_ID_CURRENT_SITE', 1 );


        PHP;
    $text = (string) file_get_contents($config);
    file_put_contents($config, str_replace(WP_CONFIG_END, $multisite . WP_CONFIG_END, $text));
    printf("WordPress %s installed: %s, user %s\n", $GLOBALS['wp_version'], $url, WP_TEST_ADMIN_USER);
} elseif ($stage === 'network') {
    require "$root/wp-load.php";
    require_once ABSPATH . 'wp-admin/includes/plugin.php';
    if (!is_multisite() || !is_subdomain_install()) {
        fail('the installed site did not load as a subdomain network');
    }
    if (get_network()->domain !== $domain || !is_main_site()) {
        fail("the network's main site is not $domain");
    }
    foreach (WP_TEST_PLUGINS as $plugin) {
        if (!file_exists(WP_PLUGIN_DIR . "/$plugin")) {
            fail("plugin file missing: " . WP_PLUGIN_DIR . "/$plugin");
        }
    }
    // Network activation, as the network admin's "Network Activate" stores it.
    update_site_option('active_sitewide_plugins', array_fill_keys(WP_TEST_PLUGINS, time()));
    // Ultimate Multisite's setup wizard finished (nothing of it loads before), and the
    // Enhance integration switched on, as its wizards store them.
    update_site_option('wu_setup_finished', time());
    update_site_option('wu_host_integrations_enabled', ['enhance' => true]);
    printf("Network %s ready; network-active: %s\n", $domain, implode(', ', WP_TEST_PLUGINS));
} else {
    fail("usage: php scripts/wordpress-install.php install|network");
}

/** A PHP string literal. */
function quote(string $value): string
{
    return var_export($value, true);
}

/** wp-config.php before the network exists: database, keys, debugging, the panel. */
function wp_config_text(string $root): string
{
    $q = 'quote';
    $socket = env('WP_DB_SOCKET');
    $log = env('WP_DEBUG_LOG_FILE');
    $keys = '';
    foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as $name) {
        $keys .= sprintf("define( %-19s %s );\n", $q($name) . ',', $q(base64_encode(random_bytes(48))));
    }
    $defines = static function (array $names) use ($q): string {
        $text = '';
        foreach ($names as $name) {
            $text .= sprintf("\tdefine( %s, %s );\n", $q($name), $q(env($name)));
        }
        return $text;
    };
    $panel = "\$wu_test_network = getenv( 'WU_TEST_NETWORK' ) ?: 'enhance';\n"
        . "if ( 'closte' !== \$wu_test_network ) {\n" . $defines(['WU_ENHANCE_API_URL', 'WU_ENHANCE_API_TOKEN']) . "}\n"
        . "if ( 'enhance' === \$wu_test_network ) {\n" . $defines(['WU_ENHANCE_ORG_ID', 'WU_ENHANCE_WEBSITE_ID']) . "}\n"
        . "if ( 'enhance-guide' === \$wu_test_network ) {\n" . $defines(['WU_ENHANCE_SERVER_ID']) . "}\n"
        . "if ( 'closte' === \$wu_test_network ) {\n" . $defines(['CLOSTE_CLIENT_API_KEY']) . "}\n"
        . str_replace("\t", '', $defines(['WU_CLOSTE_API_URL', 'WU_HOSTING_CA_FILE', 'WU_HOSTING_FFI_LIBRARY']));
    $end = WP_CONFIG_END;
    return <<<PHP
        <?php
        /**
         * The base configuration for WordPress
         *
         * Written by scripts/with-wordpress.sh for the WordPress test suite: a private
         * MariaDB server on a Unix socket, and the local fake panel.
         *
         * @package WordPress
         */

        // ** Database settings ** //
        define( 'DB_NAME', 'wordpress' );
        define( 'DB_USER', 'wordpress' );
        define( 'DB_PASSWORD', 'wordpress' );
        define( 'DB_HOST', {$q("localhost:$socket")} );
        define( 'DB_CHARSET', 'utf8mb4' );
        define( 'DB_COLLATE', '' );

        /**#@+
         * Authentication unique keys and salts.
         */
        $keys
        /**#@-*/

        /**
         * WordPress database table prefix.
         */
        \$table_prefix = 'wp_';

        /**
         * Debugging: everything is logged to a file, nothing is shown.
         */
        define( 'WP_DEBUG', true );
        define( 'WP_DEBUG_LOG', {$q($log)} );
        define( 'WP_DEBUG_DISPLAY', false );

        /* The tests run WP-Cron themselves. */
        define( 'DISABLE_WP_CRON', true );

        /* No requests to the internet; the fake panel listens on 127.0.0.1. */
        define( 'WP_HTTP_BLOCK_EXTERNAL', true );
        define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.1' );
        define( 'AUTOMATIC_UPDATER_DISABLED', true );

        /*
         * The hosting panel (the local fake panel) and the wu_hosting library. Which
         * panel constants: the network the environment's WU_TEST_NETWORK asks for,
         * 'enhance' (the default: token, URL, organisation and website ids),
         * 'enhance-guide' (the setup guide's token, URL and server id) or 'closte'
         * (Closte's API key alone: with it defined, Ultimate Multisite takes the
         * network for a Closte one, so an Enhance network never has it).
         */
        $panel
        $end

        /** Absolute path to the WordPress directory. */
        if ( ! defined( 'ABSPATH' ) ) {
        	define( 'ABSPATH', __DIR__ . '/' );
        }

        /** Sets up WordPress vars and included files. */
        require_once ABSPATH . 'wp-settings.php';

        PHP;
}
