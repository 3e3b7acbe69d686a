// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/Operator.h"
#include "services/OperatorService.h"
#include "store/StoreUrl.h"

#include <QDialog>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
template <typename T> class QFutureWatcher;

/// Signs an operator in to the store; on an empty store it creates the first supervisor instead.
/// The slow password hash runs on a worker thread with its own store connection: the GUI stays live.
class SignInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)

public:
    /// What the worker thread hands back.
    struct Result
    {
        std::optional<Operator> op;
        QString error;
        std::optional<StoreUrl> roleUrl; ///< a database role's sign-in: the URL it connected with
    };

    explicit SignInDialog(QWidget* parent = nullptr);
    ~SignInDialog() override;

    /// operators: read on this thread (is there an operator yet?); storeUrl: the same store, opened
    /// again by the worker. The store behind `operators` must outlive the dialog.
    void setStore(const OperatorService& operators, const QString& storeUrl);
    /// A team store whose rules PostgreSQL enforces: the name typed is the operator's database role,
    /// and signing in is connecting to storeUrl as that role with the password typed (never with the
    /// URL's own credential), on a worker thread. location: the store for the dialog to show; name:
    /// the name to suggest (the URL's role, if it names one).
    void setRoleSignIn(const QString& storeUrl, const QString& location, const QString& name);
    bool isRoleSignIn() const { return m_mode == Mode::RoleSignIn; }
    /// After a database role's sign-in: the store URL as that role, with its password (to open the
    /// console's own connection with; kept in memory only).
    const std::optional<StoreUrl>& signedInUrl() const { return m_signedInUrl; }
    /// Until setStore(): what is being prepared (e.g. the demo sandbox is starting).
    void setPreparing(const QString& text);
    /// A problem that prevents signing in at all (the store cannot be opened …).
    void showError(const QString& text);
    /// Something to know before signing in again (not a problem): e.g. a password just changed.
    void showNote(const QString& text);
    /// Demo mode: prefills the name and shows the published demo credentials.
    void setDemoCredentials(const QString& name, const QString& accounts, const QString& password);
    void setOperatorName(const QString& name);
    /// Back to an empty form for the next sign-in (after signing out); keeps the name.
    void reset();

    bool isBootstrap() const { return m_mode == Mode::Bootstrap; }
    bool isBusy() const { return m_busy; }
    /// The operator after a successful sign-in.
    const std::optional<Operator>& signedInOperator() const { return m_operator; }

signals:
    void signedIn(const Operator& op);

private:
    enum class Mode
    {
        Preparing,
        SignIn,
        Bootstrap,
        RoleSignIn
    };

    void buildUi();
    void updateMode();
    void updateWidgets();
    void submit();
    void onFinished();
    void setMessage(const QString& text);
    void fitToContents();

    std::optional<OperatorService> m_operators;
    QString m_storeUrl;
    QString m_roleUrl; ///< setRoleSignIn()'s store: signing in connects as the role typed
    std::optional<StoreUrl> m_signedInUrl;
    Mode m_mode = Mode::Preparing;
    bool m_busy = false;
    std::optional<Operator> m_operator;
    QFutureWatcher<Result>* m_watcher;
    QLabel* m_title;
    QLabel* m_intro;
    QLineEdit* m_name;
    QLineEdit* m_password;
    QLabel* m_confirmLabel;
    QLineEdit* m_confirm;
    QLabel* m_rule;
    QLabel* m_message;
    QLabel* m_status;
    QLabel* m_demoHint;
    QLabel* m_storeLabel;
    QDialogButtonBox* m_buttons;
    QPushButton* m_submit;
};
