package cn.smedt.hub.gateway;

import cn.smedt.api.contract.ContractCatalog;
import cn.smedt.api.contract.ContractOperation;
import cn.smedt.hub.kernel.ApiReply;
import cn.smedt.hub.kernel.PartnerOperation;
import cn.smedt.hub.kernel.PartnerRequest;
import cn.smedt.hub.kernel.ProblemCode;
import cn.smedt.hub.kernel.ProblemException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * The handlers of the partner operations: every {@link PartnerOperation} method of the application's beans, by
 * operationId, collected once the beans exist. The node does not start when two handlers claim one operationId,
 * when a handler names an operationId that is in no contract, or when a handler does not take one
 * {@link PartnerRequest} and return an {@link ApiReply}. An operation of the contracts without a handler answers
 * {@code 501 operation-not-implemented}. Handlers are called on their Spring bean (its proxy), so their own
 * {@code @Transactional} joins the write's transaction ({@link OperationRunner}).
 */
@Component
class PartnerHandlers implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerHandlers.class);

    private final ApplicationContext context;
    private final ContractCatalog catalog;
    private final Map<String, Handler> handlers = new HashMap<>();

    PartnerHandlers(ApplicationContext context, ContractCatalog catalog) {
        this.context = context;
        this.catalog = catalog;
    }

    /** One handler: the bean and its method. */
    private record Handler(Object bean, Method method, String name) {
    }

    @Override
    public void afterSingletonsInstantiated() {
        Set<String> operationIds = catalog.operations().stream().map(ContractOperation::operationId)
                .collect(Collectors.toSet());
        for (String beanName : context.getBeanDefinitionNames()) {
            Class<?> type = beanName.startsWith("scopedTarget.") ? null : context.getType(beanName, false);
            if (type == null) {
                continue;
            }
            Map<Method, PartnerOperation> annotated = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                    (MethodIntrospector.MetadataLookup<PartnerOperation>) method ->
                            AnnotatedElementUtils.findMergedAnnotation(method, PartnerOperation.class));
            if (annotated.isEmpty()) {
                continue;
            }
            Object bean = context.getBean(beanName);
            annotated.forEach((method, operation) -> add(operationIds, operation.value(), bean, method));
        }
        LOG.info("{} of {} contract operations have a handler", handlers.size(), operationIds.size());
    }

    private void add(Set<String> operationIds, String operationId, Object bean, Method method) {
        String name = ClassUtils.getUserClass(bean).getSimpleName() + "." + method.getName();
        if (!operationIds.contains(operationId)) {
            throw new GatewaySetupException(name + " handles " + operationId + ", which is in no contract");
        }
        if (method.getParameterCount() != 1 || method.getParameterTypes()[0] != PartnerRequest.class
                || method.getReturnType() != ApiReply.class) {
            throw new GatewaySetupException(name + " handles " + operationId
                    + ": a handler takes one PartnerRequest and returns an ApiReply");
        }
        Handler previous = handlers.putIfAbsent(operationId,
                new Handler(bean, AopUtils.selectInvocableMethod(method, bean.getClass()), name));
        if (previous != null) {
            throw new GatewaySetupException(operationId + " has two handlers: " + previous.name() + " and " + name);
        }
    }

    /** Runs the handler of the request's operation. */
    ApiReply handle(PartnerRequest request) {
        Handler handler = handlers.get(request.operationId());
        if (handler == null) {
            throw new ProblemException(ProblemCode.OPERATION_NOT_IMPLEMENTED,
                    request.operationId() + " is in the contract but this hub version does not serve it yet");
        }
        try {
            return (ApiReply) handler.method().invoke(handler.bean(), request);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new HandlerFailedException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new HandlerFailedException(e);
        }
    }
}
