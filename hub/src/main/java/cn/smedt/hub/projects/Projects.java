package cn.smedt.hub.projects;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The projects as the acceptance flow (package assessments) sees them: which project an acceptance is a stage of,
 * and the status moves its facts cause (accepted, subsidised). Status only moves forward.
 */
@Component
public class Projects {

    private final ProjectRepository projects;

    Projects(ProjectRepository projects) {
        this.projects = projects;
    }

    /** The project with this id. */
    public Optional<Project> find(String projectId) {
        return projects.project(projectId);
    }

    /**
     * The project an acceptance without a {@code projectId} is a stage of: the enterprise's single open project (not
     * yet ACCEPTED) of the same track (both null, or equal); empty when it has none or several, and the acceptance
     * is then its own one-stage project.
     */
    public Optional<Project> singleOpen(String uscc, String track) {
        var open = projects.ofEnterprise(uscc).stream()
                .filter(p -> p.status().rank() < ProjectStatus.ACCEPTED.rank())
                .filter(p -> Objects.equals(p.track(), track)).toList();
        return open.size() == 1 ? Optional.of(open.get(0)) : Optional.empty();
    }

    /**
     * An acceptance of the project arrived: ACCEPTED once as many stages passed as were planned, else IMPLEMENTING.
     *
     * @param passedStages the project's passed acceptances, this one included
     */
    public void acceptanceArrived(Project project, long passedStages) {
        projects.advance(project.projectId(), passedStages >= project.plannedStages() ? ProjectStatus.ACCEPTED
                : ProjectStatus.IMPLEMENTING);
    }

    /**
     * A stage of the project was decided: SUBSIDISED once every planned stage is decided and the project was granted
     * something.
     *
     * @param decidedStages the project's decided acceptances, this one included
     * @param granted       what the project's decisions granted in all
     */
    public void stageDecided(Project project, long decidedStages, BigDecimal granted) {
        if (decidedStages >= project.plannedStages() && granted.signum() > 0) {
            projects.advance(project.projectId(), ProjectStatus.SUBSIDISED);
        }
    }
}
