package dev.userapi.functions;

import software.amazon.awssdk.http.urlconnection.UrlConnectionFactory;

import javax.net.ssl.HttpsURLConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the DynamoDB client's HTTP connections ({@link java.net.HttpURLConnection}, whose idle
 * connections the JDK keeps for reuse), and can close the ones opened since {@link #track()}: a
 * SnapStart snapshot must not carry an open connection, which would be dead after a restore.
 */
final class HttpConnections implements UrlConnectionFactory {

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final List<HttpURLConnection> tracked = new ArrayList<>();
    private boolean tracking;

    /**
     * @param connectTimeout how long to wait for a TCP (and TLS) connection
     * @param readTimeout    how long to wait for a response once connected
     */
    HttpConnections(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
        // The JDK builds its default TLS context lazily; build it here, in the init phase (which
        // the snapshot keeps), rather than in the first request.
        HttpsURLConnection.getDefaultSSLSocketFactory();
    }

    @Override
    public HttpURLConnection createConnection(java.net.URI uri) {
        try {
            URL url = uri.toURL();
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout(readTimeoutMillis);
            synchronized (this) {
                if (tracking) {
                    tracked.add(connection);
                }
            }
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Remembers the connections opened from now on, until {@link #closeTracked()}. */
    synchronized void track() {
        tracking = true;
    }

    /**
     * Closes the connections opened since {@link #track()}, including the idle one the JDK keeps
     * for reuse after a response has been read, and stops tracking.
     */
    synchronized void closeTracked() {
        for (HttpURLConnection connection : tracked) {
            // Closes the connection the JDK keeps for reuse after a 2xx response.
            connection.disconnect();
            // After a 4xx (the create route's priming is a refused conditional put) the JDK has
            // already put the connection back in its cache, out of that object's reach; a fresh
            // connection to the same URL takes it from the cache on connect(), and disconnect()
            // before any request closes it (or the new one, if nothing was cached).
            try {
                HttpURLConnection reuse = (HttpURLConnection) connection.getURL().openConnection();
                reuse.setConnectTimeout(connectTimeoutMillis);
                reuse.connect();
                reuse.disconnect();
            } catch (IOException unreachable) {
                // Nothing was cached for it, and nothing is open now.
            }
        }
        tracked.clear();
        tracking = false;
    }
}
