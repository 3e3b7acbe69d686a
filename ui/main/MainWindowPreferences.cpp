// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's theme and language menus, About, and retranslation on a language change.
#include "MainWindow.h"

#include "bulk/JobsView.h"
#include "domain/ConnectionProfile.h"
#include "i18n/Translations.h"
#include "main/AboutDialog.h"
#include "main/ShortcutsDialog.h"
#include "main/UserGuide.h"
#include "providers/ProviderTab.h"
#include "services/Session.h"
#include "theme/ThemeManager.h"

#include <QAccessible>
#include <QActionGroup>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>

namespace {
QString roleText(Role role)
{
    switch (role) {
    case Role::Officer:
        return MainWindow::tr("Officer");
    case Role::Supervisor:
        return MainWindow::tr("Supervisor");
    case Role::Auditor:
        return MainWindow::tr("Auditor");
    }
    return QString();
}
} // namespace

void MainWindow::createPreferenceMenus()
{
    QMenu* viewMenu = nullptr;
    for (QAction* action : menuBar()->actions())
        if (action->menu() && action->menu()->title() == tr("&View"))
            viewMenu = action->menu();
    if (!viewMenu)
        viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->addSeparator();

    QMenu* themeMenu = viewMenu->addMenu(tr("&Theme"));
    themeMenu->setObjectName(QStringLiteral("themeMenu"));
    auto* themes = new QActionGroup(themeMenu);
    const QList<QPair<ThemeManager::Theme, QString>> themeChoices = {
        {ThemeManager::Theme::System, tr("Follow the &system")},
        {ThemeManager::Theme::Light, tr("&Light")},
        {ThemeManager::Theme::Dark, tr("&Dark")}};
    for (const auto& [theme, text] : themeChoices) {
        QAction* action = themeMenu->addAction(text);
        action->setObjectName(QStringLiteral("theme_%1").arg(ThemeManager::key(theme)));
        action->setCheckable(true);
        action->setChecked(ThemeManager::current() == theme);
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [theme = theme] {
            ThemeManager::apply(theme);
            ThemeManager::save(theme);
        });
    }

    QMenu* languageMenu = viewMenu->addMenu(tr("&Language"));
    languageMenu->setObjectName(QStringLiteral("languageMenu"));
    auto* languages = new QActionGroup(languageMenu);
    const QString saved = QSettings().value(QStringLiteral("ui/language")).toString();
    QAction* system = languageMenu->addAction(tr("Follow the &system"));
    system->setObjectName(QStringLiteral("language_system"));
    system->setCheckable(true);
    system->setChecked(saved.isEmpty());
    languages->addAction(system);
    connect(system, &QAction::triggered, this, [] {
        QSettings().setValue(QStringLiteral("ui/language"), QString());
        Translations::install(QString());
    });
    for (const QString& language : Translations::available()) {
        QAction* action = languageMenu->addAction(Translations::nativeName(language));
        action->setObjectName(QStringLiteral("language_%1").arg(language));
        action->setCheckable(true);
        action->setChecked(saved == language);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [language] {
            QSettings().setValue(QStringLiteral("ui/language"), language);
            Translations::install(language);
        });
    }

    // Profiles (ProfilesController's menu) comes before Help, also after a rebuild of the menus.
    if (m_profilesMenu) {
        m_profilesMenu->setTitle(QCoreApplication::translate("ProfilesController", "&Profiles"));
        menuBar()->addMenu(m_profilesMenu);
    }
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("helpMenu"));
    const QString guide = UserGuide::path();
    QAction* guideAction = help->addAction(tr("&User guide"), this, [guide] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(guide)); // opened locally, never from the web
    });
    guideAction->setObjectName(QStringLiteral("userGuideAction"));
    guideAction->setShortcut(QKeySequence::HelpContents);
    guideAction->setEnabled(!guide.isEmpty());
    guideAction->setToolTip(guide.isEmpty() ? tr("The user guide is not installed.") : guide);
    QAction* shortcuts = help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        auto* dialog = new ShortcutsDialog(menuBar(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    shortcuts->setObjectName(QStringLiteral("shortcutsAction"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    help->addSeparator();
    QAction* about = help->addAction(tr("&About IdentityDesk"), this, [this] {
        auto* dialog = new AboutDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    about->setObjectName(QStringLiteral("aboutAction"));
}

void MainWindow::addProfilesMenu(QMenu* menu)
{
    // Before Help, where desktop users look for it; kept when the menus are rebuilt (retranslate()).
    m_profilesMenu = menu;
    QMenu* help = menuBar()->findChild<QMenu*>(QStringLiteral("helpMenu"));
    if (help)
        menuBar()->insertMenu(help->menuAction(), menu);
    else
        menuBar()->addMenu(menu);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::updateTabToolTips()
{
    m_tabs->setTabToolTip(UsersTab, tr("Search users and act on them (Ctrl+1)"));
    m_tabs->setTabToolTip(ApprovalsTab, tr("Actions waiting for a supervisor's decision (Ctrl+2)"));
    m_tabs->setTabToolTip(UnresolvedTab, tr("Actions whose outcome is unknown (Ctrl+3)"));
    m_tabs->setTabToolTip(AuditTab, tr("The tamper-evident audit log (Ctrl+4)"));
    for (ProviderTab* tab : std::as_const(m_providerTabs)) {
        const int index = m_tabs->indexOf(tab);
        m_tabs->setTabToolTip(index, tab->toolTip(QStringLiteral("Ctrl+%1").arg(index + 1)));
    }
    const int jobs = m_tabs->indexOf(m_jobsView);
    m_tabs->setTabToolTip(jobs,
                          tr("Bulk jobs: progress, pause, resume, cancel, results (Ctrl+%1)").arg(jobs + 1));
}

void MainWindow::retranslate()
{
    // Menus are rebuilt rather than renamed one by one: fewer places to forget.
    menuBar()->clear();
    createActions();
    m_tabs->setAccessibleName(tr("Console sections"));
    m_tabs->setTabText(UsersTab, tr("Users"));
    m_tabs->setTabText(AuditTab, tr("Audit"));
    m_tabs->setTabText(m_tabs->indexOf(m_jobsView), tr("Jobs"));
    updateTabToolTips();
    updateTabTitles();
    m_search->setPlaceholderText(tr("Search users by name, e-mail or reference  (Ctrl+F)"));
    m_filter->setPlaceholderText(tr("Filter the results shown"));
    m_filter->setAccessibleName(tr("Filter results"));
    m_search->setAccessibleName(tr("Search users"));
    m_search->setAccessibleDescription(
        tr("Type part of a name, e-mail address or reference; results appear below."));
    m_searchStatus->setAccessibleName(tr("Search status"));
    m_table->setAccessibleName(tr("Search results"));
    m_operatorLabel->setText(tr("Signed in as %1 (%2)").arg(m_operator.name, roleText(m_operator.role)));
    if (m_session) {
        const ConnectionProfile& p = m_session->profile();
        m_profileLabel->setText(tr("Profile: %1").arg(p.name));
        m_environmentLabel->setText(p.isProduction() ? tr("PRODUCTION") : tr("Test environment"));
        onStateChanged();
    } else {
        showStatusMessage(
            tr("Not connected. Start with --demo, or open a connection profile with --profile FILE."));
    }
    updateWindowTitle();
}

void MainWindow::announce(QWidget* widget)
{
    QAccessibleEvent event(widget, QAccessible::NameChanged);
    QAccessible::updateAccessibility(&event);
}
