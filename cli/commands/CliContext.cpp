// SPDX-License-Identifier: GPL-3.0-or-later
#include "CliContext.h"

#include "ExitCode.h"
#include "services/ActionService.h"
#include "services/OperatorService.h"
#include "services/ProfileStoreBinding.h"
#include "services/Session.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "store/StoreUrl.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("CliContext", text);
}
} // namespace

CliContext::CliContext(const QCommandLineParser& parser, QTextStream& out, QTextStream& err)
    : m_parser(parser)
    , m_out(out)
    , m_err(err)
{}

CliContext::~CliContext()
{
    // The service refers to the store and the session's executors: it goes first.
    m_actions.reset();
    m_session.reset();
    m_store.reset();
}

void CliContext::error(const QString& message)
{
    m_lastError = message;
    m_err << "identitydesk-cli: " << message << '\n';
    m_err.flush();
}

void CliContext::done(const QString& text, QJsonObject json)
{
    m_printed = true;
    if (this->json()) {
        json.insert(QStringLiteral("message"), text);
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        m_out << text << '\n';
    }
    m_out.flush();
}

const ConnectionProfile* CliContext::profile(QString* error)
{
    if (m_profile)
        return &*m_profile;
    QString path = value("profile");
    if (path.isEmpty())
        path = QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_PROFILE"));
    if (path.isEmpty())
        path = QDir(QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation))
                   .filePath(QStringLiteral("profile.json"));
    ConnectionProfile::LoadOptions options;
    options.requirePrivateFile = true;
    m_profile = ConnectionProfile::load(path, options, error);
    m_failureCode = ExitCode::Usage;
    return m_profile ? &*m_profile : nullptr;
}

Session* CliContext::session(QString* error)
{
    if (m_session)
        return m_session.get();
    const ConnectionProfile* p = profile(error);
    if (!p)
        return nullptr;
    // Reading provider data needs a signed-in operator as changing it does: the console knows who
    // looked at whom, and a wrong password reads nothing (exit 7, the same words as elsewhere).
    if (!signIn(error))
        return nullptr;
    // A production profile works with the one store it was first used with.
    if (!ProfileStoreBinding::check(m_store.get(), *p, *m_operator, error)) {
        m_failureCode = ExitCode::NotPermitted;
        return nullptr;
    }
    m_session = std::make_unique<Session>(*p);
    return m_session.get();
}

Store* CliContext::store(QString* error, bool upgradeSchema)
{
    if (m_store)
        return m_store.get();
    // A URL that cannot be parsed is the caller's mistake; a store that cannot be reached is not.
    const std::optional<StoreUrl> url = StoreUrl::parse(value("store"), error);
    m_failureCode = url ? ExitCode::Network : ExitCode::Usage;
    if (!url)
        return nullptr;
    // A team store whose rules PostgreSQL enforces: the operator signs in as their database role, named
    // in the URL (postgresql://alice@host/db --operator alice), with $IDENTITYDESK_PASSWORD or a prompt.
    const QString name = operatorName();
    if (url->backend() == StoreUrl::Backend::Postgresql && url->password().isEmpty() && !name.isEmpty() &&
        url->userName() == name) {
        QString password =
            QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_PASSWORD"));
        if (password.isEmpty())
            password = readSecret(tr("Password for %1: ").arg(name));
        // Connecting as that role is the sign-in (audited once, here); the server's refusal (wrong
        // password, a role in none of the store's groups, a store it does not enforce) is exit 7.
        bool refused = false;
        m_store = OperatorService::signInAsRole(*url, name, password, &m_operator, error, &refused);
        if (!m_store)
            m_failureCode = refused ? ExitCode::NotPermitted : ExitCode::Network;
        else
            warnOfFirstPassword();
        return m_store.get();
    }
    m_store = StoreFactory::open(
        *url, error, upgradeSchema ? StoreFactory::Schema::Upgrade : StoreFactory::Schema::AsItIs);
    return m_store.get();
}

void CliContext::warnOfFirstPassword()
{
    // A first password (admin init's, or the one of the supervisor who added the operator) stops
    // working: said at every sign-in until the operator has chosen their own.
    QString ignored;
    const std::optional<QDateTime> expiry = m_store->sessionPasswordExpiry(&ignored);
    if (!expiry || !expiry->isValid())
        return;
    m_err << "identitydesk-cli: "
          << tr("You signed in with a first password, which stops working at %1 (UTC). Choose your own now: "
                "identitydesk-cli operators password.")
                 .arg(expiry->toString(QStringLiteral("yyyy-MM-dd HH:mm")))
          << '\n';
    m_err.flush();
}

QString CliContext::readSecret(const QString& prompt)
{
    QTextStream in(stdin);
#ifdef Q_OS_UNIX
    if (::isatty(STDIN_FILENO)) {
        QTextStream tty(stderr);
        tty << prompt;
        tty.flush();
        termios old{};
        ::tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        const QString line = in.readLine();
        ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
        tty << '\n';
        return line;
    }
#else
    Q_UNUSED(prompt)
#endif
    return in.readLine();
}

QString CliContext::operatorName() const
{
    return value("operator").isEmpty()
               ? QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_OPERATOR"))
               : value("operator");
}

std::optional<Operator> CliContext::signIn(QString* error)
{
    if (m_operator)
        return m_operator;
    Store* s = store(error);
    if (!s)
        return std::nullopt;
    const QString name = operatorName();
    m_failureCode = ExitCode::NotPermitted;
    if (s->enforcesRules()) {
        // The connection signed in (store()); the identity is its database role.
        bool refused = false;
        m_operator = OperatorService(s).signIn(name, QString(), error, &refused);
        if (!m_operator && !refused)
            m_failureCode = ExitCode::Network;
        else if (m_operator)
            warnOfFirstPassword();
        return m_operator;
    }
    if (name.isEmpty()) {
        *error = tr("this command needs a signed-in operator: give --operator NAME (the password comes from "
                    "IDENTITYDESK_PASSWORD or a prompt)");
        return std::nullopt;
    }
    QString password =
        QProcessEnvironment::systemEnvironment().value(QStringLiteral("IDENTITYDESK_PASSWORD"));
    if (password.isEmpty())
        password = readSecret(tr("Password for %1: ").arg(name));
    bool refused = false;
    m_operator = OperatorService(s).signIn(name, password, error, &refused);
    if (!m_operator && !refused)
        m_failureCode = ExitCode::Network; // the store failed, not the operator
    return m_operator;
}

ActionService* CliContext::actionService(QString* error, bool needProfile)
{
    if (m_actions)
        return m_actions.get();
    Store* s = store(error);
    if (!s)
        return nullptr;
    const std::optional<Operator> op = signIn(error);
    if (!op)
        return nullptr;
    Session* sess = nullptr;
    if (needProfile) {
        sess = session(error);
        if (!sess)
            return nullptr;
    }
    m_actions = std::make_unique<ActionService>(s);
    m_actions->setOperator(*op);
    if (sess)
        m_actions->useSession(*sess);
    QString recoverError;
    const int recovered = m_actions->recoverInterrupted(&recoverError);
    if (recovered > 0)
        this->error(QCoreApplication::translate(
            "CliContext", "%n interrupted action(s) moved to Unresolved: see 'unresolved list'.", "",
            recovered));
    return m_actions.get();
}
