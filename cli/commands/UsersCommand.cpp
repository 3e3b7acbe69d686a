// SPDX-License-Identifier: GPL-3.0-or-later
#include "UsersCommand.h"

#include "CliCommonOptions.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "UserSearchCommand.h"
#include "UsersShowCommand.h"
#include "providers/ProviderRegistry.h"
#include "services/Session.h"

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
    QString provider = m_context.value("provider");
    if (!provider.isEmpty() && !UserSearchCommand::providers().contains(provider))
        return usage(tr("--provider: '%1' cannot search users (known: %2)")
                         .arg(provider, UserSearchCommand::providers().join(QStringLiteral(", "))));
    QString error;
    const ConnectionProfile* profile = m_context.profile(&error);
    if (!profile)
        return usage(error);
    const auto configured = [profile](const QString& key) {
        const ProviderModule* module = ProviderRegistry::instance().find(key);
        return module && module->isConfigured(*profile);
    };
    if (provider.isEmpty()) {
        // The first by search priority that the profile has.
        for (const QString& key : UserSearchCommand::providers())
            if (provider.isEmpty() && configured(key))
                provider = key;
        if (provider.isEmpty())
            return usage(
                tr("the connection profile %1 has no section of a provider that can search users (%2)")
                    .arg(profile->filePath, UserSearchCommand::providers().join(QStringLiteral(", "))));
    } else if (!configured(provider)) {
        return usage(tr("the connection profile %1 has no '%2' section").arg(profile->filePath, provider));
    }

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

CliCommandSpec UsersCommand::spec()
{
    CliCommandSpec s;
    s.word = QStringLiteral("users");
    s.summary = QStringLiteral("find end users and show one person across every provider");
    s.verbs = {QStringLiteral("search"), QStringLiteral("show")};
    s.forms = {
        {QStringLiteral("users search TEXT [--provider NAME] [--limit N]"),
         QStringLiteral(
             "Searches one provider for users whose name, e-mail address or reference matches TEXT "
             "(Trust Swiftly unless the profile has only SDK.Finance).")},
        {QStringLiteral("users show ID [--provider NAME]"),
         QStringLiteral(
             "The 360 view: every provider's state of one person and the person's audit history. ID "
             "is a subject reference, or a provider's id with --provider.")},
    };
    s.options = {CliCommonOptions::provider(
                     QStringLiteral("The provider to search (%1), or whose id ID is (users show).")
                         .arg(UserSearchCommand::providers().join(QStringLiteral(" or ")))),
                 CliCommonOptions::limit(QStringLiteral("At most N results (default 50).")),
                 CliCommonOptions::history(), CliCommonOptions::imageLinks()};
    s.create = [](CliContext& context, QObject* parent) -> CliCommand* {
        return new UsersCommand(context, parent);
    };
    return s;
}
