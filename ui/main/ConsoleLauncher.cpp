// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConsoleLauncher.h"

#include "ConsoleCheckpointer.h"
#include <QPointer>

#include "dialogs/SignInDialog.h"
#include "main/MainWindow.h"
#include "services/DemoOperators.h"
#include "services/DemoSandbox.h"
#include "services/DemoSubjects.h"
#include "services/ProfileRepository.h"
#include "settings/FirstRunWizard.h"
#include "settings/ProfilesController.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "store/StoreUrl.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace {
/// Worker thread: its own store connection, the slow hashes, nothing shared with the GUI thread.
QString seedOperators(const QString& storeUrl, const QString& subjectsPath)
{
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(storeUrl, &error);
    if (!store || !DemoOperators::seed(store.get(), &error) ||
        !DemoSubjects::import(store.get(), subjectsPath, &error))
        return error.isEmpty() ? ConsoleLauncher::tr("unknown error") : error;
    return QString();
}
} // namespace

ConsoleLauncher::ConsoleLauncher(const Options& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_dialog(std::make_unique<SignInDialog>())
    , m_seeding(new QFutureWatcher<QString>(this))
    , m_profiles(new ProfilesController(this))
{
    connect(m_dialog.get(), &SignInDialog::signedIn, this, &ConsoleLauncher::onSignedIn);
    connect(m_dialog.get(), &QDialog::rejected, this, [this] {
        if (!m_window)
            emit quitRequested();
    });
    connect(m_seeding, &QFutureWatcher<QString>::finished, this,
            [this] { onDemoSeeded(m_seeding->result()); });
}

ConsoleLauncher::~ConsoleLauncher()
{
    m_seeding->disconnect(this);
    delete m_window; // before the store it uses
    m_dialog.reset();
    m_store.reset();
}

MainWindow* ConsoleLauncher::window() const
{
    return m_window;
}

void ConsoleLauncher::showFirstRunWizard()
{
    auto* wizard = new FirstRunWizard;
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &QWizard::finished, this, [this, wizard](int result) {
        if (result != QDialog::Accepted) {
            emit quitRequested();
            return;
        }
        m_profiles->repository()->setFirstRunDone();
        m_options.firstRunWizard = false;
        m_options.demo = wizard->choice() == FirstRunWizard::Choice::Demo;
        m_openProfileEditor = !m_options.demo;
        start();
    });
    wizard->show();
}

void ConsoleLauncher::start()
{
    if (m_options.firstRunWizard && !m_options.demo && m_options.profilePath.isEmpty() &&
        m_profiles->needsFirstRun()) {
        showFirstRunWizard();
        return;
    }
    m_dialog->show();
    if (!m_options.demo) {
        m_profilePath = m_options.profilePath;
        openStore(m_options.storeUrl.isEmpty() ? StoreFactory::defaultUrl() : m_options.storeUrl);
        return;
    }
    m_dialog->setPreparing(tr("Starting the demo sandbox…"));
    m_sandbox = std::make_unique<DemoSandbox>();
    connect(m_sandbox.get(), &DemoSandbox::failed, this, [this](const QString& message) {
        m_dialog->setPreparing(QString());
        m_dialog->showError(message);
    });
    connect(m_sandbox.get(), &DemoSandbox::ready, this, [this](const QString& profilePath) {
        m_profilePath = profilePath;
        // A throwaway store next to the sandbox's profile: gone when the demo ends.
        openStore(m_options.storeUrl.isEmpty()
                      ? QLatin1String("sqlite:") +
                            QFileInfo(profilePath).dir().filePath(QStringLiteral("demo.sqlite"))
                      : m_options.storeUrl);
    });
    m_sandbox->start(m_options.sandboxProgram, m_options.sandboxArguments);
}

void ConsoleLauncher::openStore(const QString& url)
{
    QString error;
    m_store = StoreFactory::open(url, &error);
    const std::optional<StoreUrl> parsed = StoreUrl::parse(url, nullptr);
    const bool postgresql = parsed && parsed->backend() == StoreUrl::Backend::Postgresql;
    // A team store whose rules PostgreSQL enforces: operators sign in as their database roles, so the
    // URL's own credential (if it has one) is not used, and a URL without one that the server refused
    // is asked for the operator's login instead.
    const bool roleSignIn =
        postgresql &&
        (m_store ? m_store->enforcesRules()
                 : parsed->password().isEmpty() && (error.contains(QLatin1String("no password supplied")) ||
                                                    error.contains(QLatin1String("authentication failed"))));
    if (roleSignIn) {
        m_storeUrl = url;
        m_roleSignIn = true;
        m_store.reset();
        m_dialog->setRoleSignIn(url, parsed->toDisplayString(), parsed->userName());
        return;
    }
    if (!m_store) {
        m_dialog->setPreparing(QString());
        m_dialog->showError(error);
        return;
    }
    m_storeUrl = url;
    if (!m_options.demo) {
        m_dialog->setStore(OperatorService(m_store.get()), m_storeUrl);
        return;
    }
    seedDemoOperators();
}

void ConsoleLauncher::seedDemoOperators()
{
    QString error;
    const std::optional<qint64> count = m_store->operatorCount(&error);
    if (count && *count > 0) {
        onDemoSeeded(QString());
        return;
    }
    m_dialog->setPreparing(tr("Creating the demo operators…"));
    m_seeding->setFuture(
        QtConcurrent::run(seedOperators, m_storeUrl, m_sandbox ? m_sandbox->subjectsPath() : QString()));
}

void ConsoleLauncher::onDemoSeeded(const QString& error)
{
    m_dialog->setStore(OperatorService(m_store.get()), m_storeUrl);
    if (!error.isEmpty()) {
        m_dialog->showError(tr("The demo operators could not be created: %1").arg(error));
        return;
    }
    QStringList names;
    for (const DemoOperators::Account& account : DemoOperators::accounts())
        names << account.name;
    const QString last = names.takeLast();
    m_dialog->setDemoCredentials(names.first(), tr("%1 or %2").arg(names.join(QStringLiteral(", ")), last),
                                 DemoOperators::password());
}

void ConsoleLauncher::onSignedIn(const Operator& op)
{
    if (m_roleSignIn) {
        // The worker's connection as the operator's role was the sign-in; the console's own is made
        // the same way, on this thread (a connection belongs to the thread that opened it).
        QString error;
        const std::optional<StoreUrl>& url = m_dialog->signedInUrl();
        m_store = url ? StoreFactory::open(*url, &error) : nullptr;
        if (!m_store) {
            m_dialog->reset();
            m_dialog->show();
            m_dialog->showError(error);
            return;
        }
    }
    auto* window = new MainWindow(ConsoleServices(m_store.get()), op);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_window = window;
    connect(window, &MainWindow::signOutRequested, this, &ConsoleLauncher::signOut);
    window->setCheckpointSecrets(m_profiles->secretStore());
    window->warnOfFirstPassword();
    if (!m_profilePath.isEmpty())
        window->openProfile(m_profilePath);
    window->show();
    // Stored profiles (Profiles menu); without a profile file, the last one used opens. The demo
    // never lists or opens a production one.
    m_profiles->setDemo(m_options.demo);
    m_profiles->attach(window, m_profilePath.isEmpty() && !m_options.demo,
                       std::exchange(m_openProfileEditor, false));
    // At every sign-in: a console that stopped while sending (here or on another machine) left its
    // actions in flight; a live sender's are left alone.
    window->recoverInterruptedActions();
    emit windowOpened(window);
}

void ConsoleLauncher::signOut()
{
    QPointer<MainWindow> window = m_window;
    m_window = nullptr;
    // The dialog first: closing the last window would end the application.
    m_dialog->reset();
    m_dialog->show();
    if (!window)
        return;
    if (!window->signOutNote().isEmpty())
        m_dialog->showNote(window->signOutNote());
    // A database role's connection goes with its window; the next sign-in makes its own.
    if (m_roleSignIn && m_store) {
        Store* store = m_store.release();
        connect(window, &QObject::destroyed, [store] { delete store; });
    }
    // Every sign-out signs an audit checkpoint (issue 32); the window closes once it is written.
    window->hide();
    if (ConsoleCheckpointer* checkpointer = window->checkpointer())
        checkpointer->checkpointNow([window](bool, const QString&) {
            if (window)
                window->close();
        });
    else
        window->close();
}
