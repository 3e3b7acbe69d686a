// SPDX-License-Identifier: GPL-3.0-or-later
#include "ReverifyBench.h"

#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/OperatorService.h"
#include "services/Session.h"
#include "store/PasswordHasher.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QSignalSpy>
#include <QUuid>

const QString ReverifyBench::kPassword = QStringLiteral("correct-horse-battery");

ReverifyBench::ReverifyBench() = default;

ReverifyBench::~ReverifyBench()
{
    m_session.reset();
    m_sandbox.reset();
    m_store.reset();
}

bool ReverifyBench::start(const SandboxOptions& options, QString* error)
{
    if (!m_dir.isValid()) {
        *error = QStringLiteral("no temporary folder");
        return false;
    }
    m_storeUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("s.sqlite"));
    m_store = StoreFactory::open(m_storeUrl, error);
    if (!m_store)
        return false;
    // Straight into the store with the cheapest hash the hasher allows: the tests stay fast.
    const std::optional<QString> hash = PasswordHasher::hash(kPassword, PasswordHasher::kMinimumIterations);
    if (!hash) {
        *error = QStringLiteral("cannot hash the test password");
        return false;
    }
    const std::pair<const char*, Role> operators[] = {{"olivia", Role::Officer},
                                                      {"oscar", Role::Officer},
                                                      {"sam", Role::Supervisor},
                                                      {"sara", Role::Supervisor},
                                                      {"audrey", Role::Auditor}};
    for (const auto& [name, role] : operators) {
        Operator op;
        op.name = QString::fromLatin1(name);
        op.role = role;
        op.createdAt = QDateTime::currentDateTimeUtc();
        if (!m_store->addOperator(op, *hash, error))
            return false;
    }
    return restartSandbox(options, error);
}

bool ReverifyBench::restartSandbox(const SandboxOptions& options, QString* error)
{
    m_session.reset();
    m_sandbox = std::make_unique<SandboxServer>(options);
    if (!m_sandbox->start(error))
        return false;
    m_profilePath = m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".json"));
    if (!m_sandbox->writeProfile(m_profilePath, error))
        return false;
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(m_profilePath, error);
    if (!profile)
        return false;
    m_session = std::make_unique<Session>(*profile);
    return true;
}

std::unique_ptr<ActionService> ReverifyBench::serviceFor(const QString& name)
{
    QString error;
    const std::optional<Operator> op = OperatorService(m_store.get()).signIn(name, kPassword, &error);
    if (!op)
        qFatal("cannot sign in %s: %s", qPrintable(name), qPrintable(error));
    auto service = std::make_unique<ActionService>(m_store.get());
    service->setOperator(*op);
    for (ActionExecutor* ex : m_session->executors())
        service->registerExecutor(ex);
    return service;
}

int ReverifyBench::requests(const QString& suffix) const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(suffix))
            ++n;
    return n;
}

bool ReverifyBench::waitFor(ActionTicket* ticket, int timeoutMs)
{
    QSignalSpy spy(ticket, &ActionTicket::finished);
    return spy.wait(timeoutMs);
}
