// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "services/ConsoleServices.h"
#include "widgets/MessageBanner.h"

#include <QMainWindow>
#include <QMenu>
#include <QPointer>
#include <memory>

class ActionService;
class ConsoleCheckpointer;
class SecretStore;
class ApprovalsView;
class AuditView;
class BulkJobService;
class JobsView;
class FederatedSearchModel;
class FederatedSortModel;
class QComboBox;
class SearchService;
class SourceStatusStrip;
class SubjectProfileView;
class SubjectService;
class ProviderPanel;
class ProviderTab;
class ProductionBanner;
struct ConnectionProfile;
class QAction;
class QMenu;
class QLabel;
class QLineEdit;
class QTabWidget;
class QTableView;
class QTimer;
class Session;
class UnresolvedView;
class UserDetailPane;

/// The operator console of one signed-in operator: Users (search and detail), Approvals,
/// Unresolved and Audit tabs, the operator and environment in the status bar.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    enum Tab
    {
        UsersTab,
        ApprovalsTab,
        UnresolvedTab,
        AuditTab,
        PendingResetsTab, ///< the first tab a provider adds (ProviderTab: SDK.Finance's pending resets)
        JobsTab
    };

    /// store is not owned and must outlive the window; op is the operator who signed in.
    MainWindow(const ConsoleServices& services, const Operator& op, QWidget* parent = nullptr);
    /// The Profiles menu (ProfilesController's): placed before Help and kept when the menus are rebuilt.
    void addProfilesMenu(QMenu* menu);
    ~MainWindow() override;

    /// Loads the profile and connects; problems are shown in the window.
    bool openProfile(const QString& path);
    /// Connects with a profile already loaded (e.g. a stored profile with its secrets from the keychain).
    bool openConnection(const ConnectionProfile& profile);
    /// Shows a message while there is nothing to connect to yet (e.g. the demo is starting).
    void showStatusMessage(const QString& text);
    void showError(const QString& text);
    /// Once after signing in: actions a stopped console left in flight become Unresolved, and the
    /// window says so. Returns how many were moved (-1 when the store could not be read).
    int recoverInterruptedActions();
    /// Reads approvals and unresolved actions again (other consoles change them too) and marks the
    /// audit log for re-reading. Runs on every action change and every 30 seconds.
    void refreshGovernance();
    void showTab(Tab tab);

    Session* session() const { return m_session; }
    /// Federated search (index + every searching provider) behind the Users tab.
    FederatedSearchModel* searchModel() const { return m_model; }
    SearchService* searchService() const { return m_searchService; }
    /// The sorted and filtered view of searchModel() the results table shows.
    FederatedSortModel* resultsProxy() const { return m_proxy; }
    SubjectService* subjectService() const { return m_subjects.get(); }
    SubjectProfileView* profileView() const { return m_profileView; }
    ActionService* actionService() const { return m_actions; }
    /// The tabs the providers add, in registration order.
    const QList<ProviderTab*>& providerTabs() const { return m_providerTabs; }
    const Operator& signedInOperator() const { return m_operator; }
    JobsView* jobsView() const { return m_jobsView; }
    BulkJobService* bulkJobService() const { return m_bulk; }
    /// Where the console's checkpoint signing key is kept (the keychain); without it no checkpoint is
    /// signed. Checkpoints are then signed as the audit log grows (ConsoleCheckpointer).
    void setCheckpointSecrets(SecretStore* secrets);
    /// Why the window asked to sign out, for the sign-in dialog to say (empty: the operator chose to).
    const QString& signOutNote() const { return m_signOutNote; }
    /// File > Change password…: the operator's own (ChangePasswordDialog). In an enforced team store
    /// the console then signs out, since its connections were opened with the old one.
    void changePassword();
    /// A first password (enforced team store): a banner saying when it stops working, with a button
    /// to change it.
    void warnOfFirstPassword();
    ConsoleCheckpointer* checkpointer() const { return m_checkpointer; }
    /// Opens the (non-modal) bulk job dialog: from a CSV file, or for the users selected in the table.
    void openBulkJob(bool fromSelection);

signals:
    /// The operator chose Governance > Sign out: the owner closes this window and asks for a sign-in.
    void signOutRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    enum class BannerAction
    {
        None,
        RetrySearch,
        ShowUnresolved,
        ChangePassword
    };

    void buildUi();
    QWidget* buildUsersTab();
    void createActions();
    /// View > Theme and View > Language, Help > About (ui/main/MainWindowPreferences.cpp).
    void createPreferenceMenus();
    /// On QEvent::LanguageChange: menus rebuilt, tab titles, labels and status texts set again.
    void retranslate();
    /// Tells assistive technology that a status text changed.
    static void announce(QWidget* widget);
    void setActionService(ActionService* service, const Session* session);
    void searchNow();
    void onStateChanged();
    void onCurrentRowChanged();
    void fillViewport();
    void updateWindowTitle();
    void updateTabTitles();
    void openPolicy();
    void openOperators();
    void openUser(const QString& provider, const QString& userId, const QString& userName);
    /// No person shown: the details and every provider card empty, their dialogs closed.
    void clearPerson();
    /// The tabs' tool tips, each with the shortcut that shows it.
    void updateTabToolTips();
    void showBanner(MessageBanner::Level level, const QString& text, const QString& actionText,
                    BannerAction action);
    // Issue 7: federated search, the 360 view, links and subject import.
    void createSubjectActions(QMenu* fileMenu);
    void updateSearchStatus();
    void onSuggestionsChanged();
    void reviewSuggestions();
    void openLinkDialog();
    void openLinkIdDialog(ProviderPanel* panel);
    void showAction(qint64 actionId);
    void importSubjects();
    void afterIndexChanged(const QString& message);
    bool retryFailedSources();

    ConsoleServices m_services;
    QString m_signOutNote;
    Operator m_operator;
    Session* m_session = nullptr;
    ActionService* m_actions = nullptr;
    ConsoleCheckpointer* m_checkpointer = nullptr;
    std::unique_ptr<SubjectService> m_subjects;
    SearchService* m_searchService = nullptr;
    FederatedSearchModel* m_model = nullptr;
    FederatedSortModel* m_proxy;
    SourceStatusStrip* m_sourceStrip;
    MessageBanner* m_suggestionBanner;
    QLineEdit* m_filter;
    QComboBox* m_providerFilter;
    SubjectProfileView* m_profileView;
    QAction* m_linkAction = nullptr;
    QAction* m_reviewAction = nullptr;
    BannerAction m_bannerAction = BannerAction::None;
    QLineEdit* m_search;
    QLabel* m_searchStatus;
    MessageBanner* m_banner;
    ProductionBanner* m_productionBanner;
    QTabWidget* m_tabs;
    QTableView* m_table;
    UserDetailPane* m_detail;
    QPointer<QMenu> m_profilesMenu;
    /// openUser(): select the row with this (provider, id) when the search has answered.
    QPair<QString, QString> m_openUser;
    QList<ProviderPanel*> m_panels; ///< one card body per provider (UiProviderRegistry)
    ApprovalsView* m_approvals;
    UnresolvedView* m_unresolved;
    AuditView* m_audit;
    QList<ProviderTab*> m_providerTabs;
    QLabel* m_operatorLabel;
    QLabel* m_profileLabel;
    QLabel* m_environmentLabel;
    QAction* m_policyAction = nullptr;
    QTimer* m_debounce;
    QTimer* m_refreshTimer;
    // Bulk jobs
    JobsView* m_jobsView = nullptr;
    BulkJobService* m_bulk = nullptr;
};
