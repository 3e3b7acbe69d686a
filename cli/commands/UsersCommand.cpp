// SPDX-License-Identifier: GPL-3.0-or-later
#include "UsersCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "FederatedSearchCommand.h"
#include "UserSearchCommand.h"
#include "UsersShowCommand.h"
#include "providers/ProviderRegistry.h"
#include "services/IndexSearchSource.h"
#include "services/SearchService.h"
#include "services/Session.h"
#include "services/SubjectService.h"
#include "store/Store.h"

UsersCommand::~UsersCommand() = default;

void UsersCommand::run(const QStringList& words)
{
    auto usage = [this](const QString& message) {
        m_context.error(message);
        emit finished(ExitCode::Usage);
    };
    if (words.value(0) == QLatin1String("show")) {
        auto* show = new UsersShowCommand(m_context, this);
        connect(show, &CliCommand::finished, this, &CliCommand::finished);
        show->run(words.mid(1));
        return;
    }
    if (words.value(0) != QLatin1String("search"))
        return usage(
            tr("usage: users search TEXT [--provider NAME] [--limit N] | users show ID [--provider NAME]"));
    if (words.size() != 2)
        return usage(tr("'users search' takes exactly one TEXT argument"));
    bool ok = true;
    int limit = 50;
    if (m_context.isSet("limit")) {
        limit = m_context.value("limit").toInt(&ok);
        if (!ok || limit < 1)
            return usage(tr("--limit takes a positive whole number"));
    }
    const QString provider = m_context.value("provider");
    const QString index = SearchService::indexSource();
    if (!provider.isEmpty() && provider != index && !UserSearchCommand::providers().contains(provider))
        return usage(tr("--provider: '%1' cannot search users (known: %2, %3)")
                         .arg(provider, index, UserSearchCommand::providers().join(QStringLiteral(", "))));
    QString error;
    if (provider.isEmpty() || provider == index)
        return searchFederated(words.at(1), limit, provider == index);
    const ConnectionProfile* profile = m_context.profile(&error);
    if (!profile)
        return usage(error);
    const ProviderModule* module = ProviderRegistry::instance().find(provider);
    if (!module || !module->isConfigured(*profile))
        return usage(tr("the connection profile %1 has no '%2' section").arg(profile->filePath, provider));

    // Reading provider data needs a signed-in operator, as changing it does (CliContext::session()).
    if (!m_context.signIn(&error)) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }

    auto* command = new UserSearchCommand(*profile, provider, nullptr, this);
    connect(command, &UserSearchCommand::finished, this, [this, command] {
        command->deleteLater();
        if (command->error().isError()) {
            m_context.error(command->error().message());
            emit finished(ExitCode::forError(command->error()));
            return;
        }
        m_context.out() << (m_context.json() ? QString::fromUtf8(command->toJson()) : command->toText());
        m_context.out().flush();
        emit finished(ExitCode::Done);
    });
    command->start(words.at(1), limit);
}

void UsersCommand::searchFederated(const QString& text, int limit, bool indexOnly)
{
    QString error;
    const std::optional<Operator> op = m_context.signIn(&error);
    Store* store = op ? m_context.store(&error) : nullptr;
    Session* session = nullptr;
    if (store && !indexOnly) {
        session = m_context.session(&error);
        if (!session) {
            // No profile: the index alone is still an answer, but say so.
            if (!m_context.profile(&error)) {
                m_context.error(error);
                emit finished(ExitCode::Usage);
                return;
            }
        }
    }
    if (!op || !store || (!indexOnly && !session)) {
        m_context.error(error);
        emit finished(m_context.failureCode());
        return;
    }
    m_subjects = std::make_unique<SubjectService>(*store, *op);
    auto* service = new SearchService(m_subjects.get(), this);
    if (indexOnly)
        service->addSource(std::make_unique<IndexSearchSource>(*m_subjects));
    else
        service->addDefaultSources(*session);
    auto* command = new FederatedSearchCommand(service, this);
    connect(command, &FederatedSearchCommand::finished, this, [this, command] {
        for (const SearchSourceStatus& s : command->statuses()) {
            if (s.state == SearchSourceStatus::State::Error)
                m_context.error(tr("%1: %2").arg(s.displayName, s.error.message()));
        }
        if (command->allFailed()) {
            const ApiError first = command->statuses().constFirst().error;
            if (m_context.json())
                m_context.out() << QString::fromUtf8(command->toJson());
            m_context.out().flush();
            emit finished(ExitCode::forError(first));
            return;
        }
        m_context.out() << (m_context.json() ? QString::fromUtf8(command->toJson()) : command->toText());
        m_context.out().flush();
        emit finished(ExitCode::Done);
    });
    command->start(text, limit);
}

CliCommandSpec UsersCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("users");
    s.summary = QStringLiteral("find end users and show one person across every provider");
    s.verbs = {QStringLiteral("search"), QStringLiteral("show")};
    s.forms = {
        {QStringLiteral("users search TEXT [--provider NAME|index] [--limit N]"),
         QStringLiteral(
             "Searches as the console does: the local subject index (a prefix of a word of the name, "
             "e-mail or reference, the phone's digits, or an exact provider id) and every provider of the "
             "profile that can search, at once, merged by subject, with each source's status (in --json: "
             "sources[] with state, results and error). --provider NAME asks that provider only, as "
             "before; --provider index asks only the index (no profile needed). Exits 0 when any source "
             "answered; a failed source is named on stderr.")},
        {QStringLiteral("users show ID [--provider NAME]"),
         QStringLiteral(
             "The 360 view: every provider's state of one person and the person's audit history. ID "
             "is a subject reference, or a provider's id with --provider.")},
    };
    CliOption provider = CliCommonOptions::provider(
        QStringLiteral("The only source to search (%1, or index for the local index), or whose id ID is "
                       "(users show).")
            .arg(UserSearchCommand::providers().join(QStringLiteral(", "))));
    provider.choices << SearchService::indexSource();
    s.options = {provider, CliCommonOptions::limit(QStringLiteral("At most N results (default 50).")),
                 CliCommonOptions::history(), CliCommonOptions::imageLinks()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new UsersCommand(context, parent);
    };
    return s;
}
