package cn.smedt.hub.storage;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Bounds how long a request can wait on a PostgreSQL server that is down or unreachable, so the partner gets
 * {@code 503 storage-unavailable} within about 2 s instead of hanging: the pool's own wait is
 * {@code spring.datasource.hikari.connection-timeout} (application.yml, 1 s); this adds the driver's connect and
 * login timeouts and a socket timeout (a statement whose server stops answering fails after it) unless the JDBC URL
 * or {@code spring.datasource.hikari.data-source-properties} set them already. H2 (embedded) needs none of these.
 */
@Component
class DatabaseTimeouts implements BeanPostProcessor {

    private final String connectSeconds;
    private final String socketSeconds;

    DatabaseTimeouts(@Value("${hub.storage.connect-timeout-seconds:1}") String connectSeconds,
                     @Value("${hub.storage.socket-timeout-seconds:10}") String socketSeconds) {
        this.connectSeconds = connectSeconds;
        this.socketSeconds = socketSeconds;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && DatabaseKind.of(pool.getJdbcUrl()) == DatabaseKind.POSTGRESQL) {
            String url = pool.getJdbcUrl();
            setUnlessGiven(pool, url, "connectTimeout", connectSeconds);
            setUnlessGiven(pool, url, "loginTimeout", connectSeconds);
            setUnlessGiven(pool, url, "socketTimeout", socketSeconds);
        }
        return bean;
    }

    private static void setUnlessGiven(HikariDataSource pool, String url, String name, String value) {
        if (!url.contains(name + "=") && !pool.getDataSourceProperties().containsKey(name)) {
            pool.addDataSourceProperty(name, value);
        }
    }
}
