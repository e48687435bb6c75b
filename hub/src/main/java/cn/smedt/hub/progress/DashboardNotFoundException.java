package cn.smedt.hub.progress;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** A region or enterprise the dashboard does not show: outside this node's region, or unknown (404). */
@ResponseStatus(HttpStatus.NOT_FOUND)
class DashboardNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DashboardNotFoundException(String message) {
        super(message);
    }
}
