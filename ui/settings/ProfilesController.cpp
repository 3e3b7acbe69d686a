// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfilesController.h"

#include "ProfilesDialog.h"
#include "main/MainWindow.h"
#include "services/InMemorySecretStore.h"
#include "services/KeychainSecretStore.h"
#include "services/ProfileRepository.h"
#include "services/ProxySettings.h"

#include <QActionGroup>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>

ProfilesController::ProfilesController(QObject* parent)
    : QObject(parent)
    , m_secrets(new KeychainSecretStore(QStringLiteral("IdentityDesk"), this))
    , m_repository(new ProfileRepository(m_secrets, this))
{}

ProfilesController::~ProfilesController() = default;

bool ProfilesController::needsFirstRun() const
{
    return !m_repository->isFirstRunDone() && m_repository->profiles().isEmpty();
}

void ProfilesController::prepareSecrets(QWidget* parent, std::function<void()> done)
{
    if (m_secretsReady) {
        done();
        return;
    }
    m_waiting << std::move(done);
    if (m_waiting.size() > 1)
        return; // the probe is under way
    auto finish = [this] {
        m_secretsReady = true;
        m_repository->setSecretStore(m_secrets);
        // The proxy's password is a secret too.
        const ProxySettings proxy = ProxySettings::load();
        m_secrets->read(QString::fromLatin1(ProxySettings::kPasswordKey), this,
                        [proxy](const SecretStore::Result& r) { proxy.apply(r.value); });
        const auto waiting = std::exchange(m_waiting, {});
        for (const auto& callback : waiting)
            callback();
    };
    auto* keychain = static_cast<KeychainSecretStore*>(m_secrets);
    QPointer<QWidget> guard(parent);
    keychain->probe(this, [this, guard, finish](const SecretStore::Result& r) {
        if (r.ok()) {
            finish();
            return;
        }
        // No keychain (e.g. no Secret Service on the D-Bus): never write secrets to disk; the user
        // may choose to keep them in memory for this session.
        auto* box = new QMessageBox(guard);
        box->setObjectName(QStringLiteral("noKeychainQuestion"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setIcon(QMessageBox::Warning);
        box->setWindowTitle(tr("No keychain available"));
        box->setText(tr("IdentityDesk keeps API keys and passwords in the system keychain, but none is "
                        "available: %1")
                         .arg(r.error));
        box->setInformativeText(
            tr("Secrets are never written to a settings file. You can keep them in memory "
               "for this session only: you will have to type them again next time."));
        QPushButton* session =
            box->addButton(tr("&Keep secrets only for this session"), QMessageBox::AcceptRole);
        box->addButton(tr("&Don't keep secrets"), QMessageBox::RejectRole);
        connect(box, &QMessageBox::buttonClicked, this, [this, session, finish](QAbstractButton* clicked) {
            if (clicked == session)
                m_secrets = new InMemorySecretStore(this);
            finish();
        });
        box->open();
    });
}

void ProfilesController::attach(MainWindow* window, bool openCurrent, bool openEditor)
{
    QPointer<MainWindow> guard(window);
    auto* menu = new QMenu(tr("&Profiles"), window->menuBar());
    window->addProfilesMenu(menu);
    menu->setObjectName(QStringLiteral("profilesMenu"));
    connect(menu, &QMenu::aboutToShow, this, [this, menu, guard] {
        if (guard)
            fillMenu(menu, guard);
    });
    fillMenu(menu, window);
    // The keychain is asked (and, without one, the user) only when a secret is needed now.
    const ProxySettings proxy = ProxySettings::load();
    const bool openStored = openCurrent && !m_repository->currentProfileId().isEmpty();
    if (proxy.mode != ProxySettings::Mode::Manual && !openStored && !openEditor) {
        if (!m_secretsReady)
            proxy.apply(QString());
        return;
    }
    prepareSecrets(window, [this, guard, openCurrent, openEditor] {
        if (!guard)
            return;
        if (openCurrent && !m_repository->currentProfileId().isEmpty())
            switchTo(guard, m_repository->currentProfileId());
        if (openEditor)
            this->openEditor(guard);
    });
}

void ProfilesController::fillMenu(QMenu* menu, MainWindow* window)
{
    menu->clear();
    QPointer<MainWindow> guard(window);
    QAction* edit = menu->addAction(tr("&Edit profiles…"), this, [this, guard] {
        if (guard)
            openEditor(guard);
    });
    edit->setObjectName(QStringLiteral("editProfilesAction"));
    edit->setShortcut(QKeySequence::Preferences);
    if (m_demo) {
        edit->setEnabled(false);
        edit->setToolTip(tr("Profiles are edited outside demo mode: the demo's operators have a published "
                            "password."));
    }
    menu->addSeparator();
    auto* group = new QActionGroup(menu);
    const QString current = m_repository->currentProfileId();
    int hidden = 0;
    for (const ConnectionProfile& p : m_repository->profiles()) {
        if (m_demo && p.isProduction()) {
            ++hidden;
            continue;
        }
        QAction* a = menu->addAction(p.isProduction() ? tr("%1  [PRODUCTION]").arg(p.name) : p.name, this,
                                     [this, guard, id = p.id] {
                                         if (guard)
                                             switchTo(guard, id);
                                     });
        a->setCheckable(true);
        a->setChecked(p.id == current);
        group->addAction(a);
    }
    if (hidden > 0) {
        QAction* note =
            menu->addAction(tr("%n production profile(s) not shown in demo mode", nullptr, hidden));
        note->setObjectName(QStringLiteral("demoHidesProductionNote"));
        note->setEnabled(false);
    }
}

void ProfilesController::openEditor(MainWindow* window)
{
    if (m_demo)
        return; // the editor lists (and opens) every stored profile, production ones too
    prepareSecrets(window, [this, window = QPointer<MainWindow>(window)] {
        if (m_dialog) {
            m_dialog->raise();
            m_dialog->activateWindow();
            return;
        }
        m_dialog = new ProfilesDialog(m_repository, window);
        m_dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_dialog, &ProfilesDialog::profileSaved, this, [this, window](const QString& id) {
            if (window && (!window->session() || m_repository->currentProfileId() == id ||
                           m_repository->currentProfileId().isEmpty()))
                switchTo(window, id);
        });
        m_dialog->open();
    });
}

void ProfilesController::switchTo(MainWindow* window, const QString& id)
{
    if (const std::optional<ConnectionProfile> stored = m_repository->profile(id);
        m_demo && (!stored || stored->isProduction())) {
        window->showError(tr("Demo mode never opens a production profile (“%1”): the demo's operators have a "
                             "published password. Start IdentityDesk without --demo.")
                              .arg(stored ? stored->name : id));
        return;
    }
    QPointer<MainWindow> guard(window);
    prepareSecrets(window, [this, guard, id] {
        m_repository->resolve(
            id, [this, guard, id](const std::optional<ConnectionProfile>& profile, const QString& error) {
                if (!guard)
                    return;
                if (!profile) {
                    guard->showError(error);
                    return;
                }

                if (guard->openConnection(*profile))
                    m_repository->setCurrentProfileId(id);
            });
    });
}
