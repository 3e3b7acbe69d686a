// SPDX-License-Identifier: GPL-3.0-or-later
#include "SignInDialog.h"

#include "services/OperatorService.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace {
/// Runs on a worker thread: a store connection belongs to the thread that opened it, so the worker
/// opens its own and closes it again before returning.
SignInDialog::Result work(const QString& storeUrl, const QString& name, const QString& password,
                          bool bootstrap)
{
    SignInDialog::Result result;
    result.op = OperatorService::signInAt(storeUrl, name, password, bootstrap, &result.error);
    return result;
}

/// Worker thread, a database role's sign-in: the connection made as that role is the check; it is
/// closed again here (it belongs to this thread), and the URL it used goes back.
SignInDialog::Result workAsRole(const QString& storeUrl, const QString& name, const QString& password)
{
    SignInDialog::Result result;
    const std::optional<StoreUrl> url = StoreUrl::parse(storeUrl, &result.error);
    if (!url)
        return result;
    result.op = OperatorService::signInAsRoleAt(*url, name, password, &result.error);
    if (result.op)
        result.roleUrl = url->withUserName(name.trimmed()).withPassword(password);
    return result;
}
} // namespace

SignInDialog::SignInDialog(QWidget* parent)
    : QDialog(parent)
    , m_watcher(new QFutureWatcher<Result>(this))
    , m_title(new QLabel(this))
    , m_intro(new QLabel(this))
    , m_name(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_confirmLabel(new QLabel(tr("&Confirm password:"), this))
    , m_confirm(new QLineEdit(this))
    , m_rule(new QLabel(this))
    , m_message(new QLabel(this))
    , m_status(new QLabel(this))
    , m_demoHint(new QLabel(this))
    , m_storeLabel(new QLabel(this))
    , m_buttons(new QDialogButtonBox(this))
    , m_submit(new QPushButton(this))
{
    setObjectName(QStringLiteral("signInDialog"));
    buildUi();
    connect(m_watcher, &QFutureWatcher<Result>::finished, this, &SignInDialog::onFinished);
    connect(m_name, &QLineEdit::textChanged, this, &SignInDialog::updateWidgets);
    connect(m_password, &QLineEdit::textChanged, this, &SignInDialog::updateWidgets);
    connect(m_confirm, &QLineEdit::textChanged, this, &SignInDialog::updateWidgets);
    connect(m_submit, &QPushButton::clicked, this, &SignInDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateMode();
}

SignInDialog::~SignInDialog()
{
    // A sign-in still hashing finishes on its own; nobody waits for it and its result is dropped.
    m_watcher->disconnect(this);
}

void SignInDialog::buildUi()
{
    setWindowTitle(tr("Sign in — IdentityDesk"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("signInTitle"));
    m_intro->setObjectName(QStringLiteral("signInIntro"));
    m_intro->setWordWrap(true);

    m_name->setObjectName(QStringLiteral("signInName"));
    m_name->setAccessibleName(tr("Operator name"));
    m_name->setMaxLength(64);
    m_password->setObjectName(QStringLiteral("signInPassword"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setObjectName(QStringLiteral("signInConfirm"));
    m_confirm->setAccessibleName(tr("Confirm password"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_confirmLabel->setBuddy(m_confirm);

    m_rule->setObjectName(QStringLiteral("signInRule"));
    m_rule->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("signInMessage"));
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Sign-in problem"));
    m_message->setStyleSheet(MessageBanner::errorTextStyleSheet());
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("signInStatus"));
    m_status->setWordWrap(true);
    m_demoHint->setObjectName(QStringLiteral("signInDemoHint"));
    m_demoHint->setWordWrap(true);
    m_demoHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_demoHint->setStyleSheet(QStringLiteral("QLabel { background: #d1ecf1; border: 1px solid #2e86c1; "
                                             "border-radius: 4px; padding: 6px; color: #1b1b1b; }"));
    m_demoHint->hide();
    m_storeLabel->setObjectName(QStringLiteral("signInStore"));
    m_storeLabel->setWordWrap(true);
    m_storeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_submit->setObjectName(QStringLiteral("signInButton"));
    m_submit->setDefault(true);
    m_buttons->addButton(m_submit, QDialogButtonBox::AcceptRole);
    QPushButton* cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("signInCancel"));
    cancel->setAccessibleName(tr("Cancel"));

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(m_confirmLabel, m_confirm);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_intro);
    layout->addWidget(m_demoHint);
    layout->addLayout(form);
    layout->addWidget(m_rule);
    layout->addWidget(m_message);
    layout->addWidget(m_status);
    layout->addWidget(m_storeLabel);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(480);
    resize(520, sizeHint().height());
}

void SignInDialog::setRoleSignIn(const QString& storeUrl, const QString& location, const QString& name)
{
    m_operators.reset();
    m_roleUrl = storeUrl;
    m_storeUrl = storeUrl;
    m_status->clear();
    m_storeLabel->setText(tr("Store: %1").arg(location));
    if (m_name->text().isEmpty())
        setOperatorName(name);
    updateMode();
}

void SignInDialog::setStore(const OperatorService& operators, const QString& storeUrl)
{
    m_operators = operators;
    m_roleUrl.clear();
    m_storeUrl = storeUrl;
    m_status->clear();
    m_storeLabel->setText(tr("Store: %1").arg(operators.storeLocation()));
    updateMode();
}

void SignInDialog::setPreparing(const QString& text)
{
    m_operators.reset();
    m_roleUrl.clear();
    m_status->setText(text);
    updateMode();
}

void SignInDialog::showError(const QString& text)
{
    setMessage(text);
    updateWidgets();
}

void SignInDialog::showNote(const QString& text)
{
    setMessage(text);
    m_message->setStyleSheet(QString());
    updateWidgets();
}

void SignInDialog::setDemoCredentials(const QString& name, const QString& accounts, const QString& password)
{
    m_demoHint->setText(
        tr("Demo mode: sign in as %1 with the password “%2”. Everything happens in a throwaway "
           "store and against the bundled sandbox.")
            .arg(accounts, password));
    m_demoHint->show();
    setOperatorName(name);
    fitToContents();
}

void SignInDialog::setOperatorName(const QString& name)
{
    m_name->setText(name);
    if (!name.isEmpty())
        m_password->setFocus();
}

void SignInDialog::reset()
{
    m_operator.reset();
    m_signedInUrl.reset();
    m_password->clear();
    m_confirm->clear();
    setMessage(QString());
    m_status->clear();
    updateMode();
    (m_name->text().isEmpty() ? m_name : m_password)->setFocus();
}

void SignInDialog::setMessage(const QString& text)
{
    m_message->setStyleSheet(MessageBanner::errorTextStyleSheet());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    fitToContents();
}

void SignInDialog::fitToContents()
{
    // Word-wrapped labels appear and change while the dialog is open: grow to fit them at this width
    // (a size constraint would shrink the width to the labels' minimum instead).
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->sizeHint().height();
    if (height() < needed)
        resize(width(), needed);
}

void SignInDialog::updateMode()
{
    m_mode = Mode::Preparing;
    if (!m_roleUrl.isEmpty()) {
        m_mode = Mode::RoleSignIn;
    } else if (m_operators) {
        QString error;
        const std::optional<bool> bootstrap = m_operators->needsBootstrap(&error);
        if (!bootstrap)
            setMessage(error);
        else
            m_mode = *bootstrap ? Mode::Bootstrap : Mode::SignIn;
    }
    const bool bootstrap = m_mode == Mode::Bootstrap;
    m_title->setText(bootstrap ? tr("Create the first supervisor") : tr("Sign in to IdentityDesk"));
    m_intro->setText(bootstrap ? tr("This store has no operators yet. The first one is a supervisor, who can "
                                    "then add officers, auditors and other supervisors.")
                     : m_mode == Mode::RoleSignIn
                         ? tr("This team store's server checks who you are: sign in with your database "
                              "login and its password (your organisation's directory password, if it "
                              "signs you in that way). Every action you take is recorded under that name.")
                         : tr("Sign in with your operator name and password. Every action you take is "
                              "recorded under your name."));
    m_submit->setText(bootstrap ? tr("&Create supervisor") : tr("&Sign in"));
    m_submit->setAccessibleName(m_submit->text().remove(QLatin1Char('&')));
    m_confirmLabel->setVisible(bootstrap);
    m_confirm->setVisible(bootstrap);
    m_rule->setVisible(bootstrap);
    if (bootstrap)
        m_demoHint->hide();
    updateWidgets();
    fitToContents();
}

void SignInDialog::updateWidgets()
{
    const bool filled = !m_name->text().trimmed().isEmpty() && !m_password->text().isEmpty();
    QString why;
    if (m_busy)
        why = m_status->text();
    else if (m_mode == Mode::Preparing)
        why = m_status->text().isEmpty() ? tr("The store is not open.") : m_status->text();
    else if (!filled)
        why = tr("Enter your name and password.");
    else if (m_mode == Mode::Bootstrap && m_password->text().size() < OperatorService::kMinimumPasswordLength)
        why = tr("The password needs at least %n characters.", "", OperatorService::kMinimumPasswordLength);
    else if (m_mode == Mode::Bootstrap && m_confirm->text() != m_password->text())
        why = tr("Type the same password twice.");
    m_submit->setEnabled(why.isEmpty());
    m_submit->setToolTip(why);
    m_name->setEnabled(!m_busy);
    m_password->setEnabled(!m_busy);
    m_confirm->setEnabled(!m_busy);
    const bool mismatch = m_mode == Mode::Bootstrap && !m_confirm->text().isEmpty() &&
                          m_confirm->text() != m_password->text() &&
                          m_confirm->text().size() >= m_password->text().size();
    m_rule->setText(mismatch ? tr("The passwords do not match.")
                             : tr("The password needs at least %n characters.", "",
                                  OperatorService::kMinimumPasswordLength));
    m_rule->setStyleSheet(mismatch ? MessageBanner::errorTextStyleSheet() : QString());
}

void SignInDialog::submit()
{
    if (!m_submit->isEnabled() || m_busy)
        return;
    m_busy = true;
    setMessage(QString());
    m_status->setText(m_mode == Mode::Bootstrap ? tr("Creating the supervisor…") : tr("Signing in…"));
    updateWidgets();
    if (m_mode == Mode::RoleSignIn)
        m_watcher->setFuture(
            QtConcurrent::run(workAsRole, m_roleUrl, m_name->text().trimmed(), m_password->text()));
    else
        m_watcher->setFuture(QtConcurrent::run(work, m_storeUrl, m_name->text().trimmed(), m_password->text(),
                                               m_mode == Mode::Bootstrap));
}

void SignInDialog::onFinished()
{
    const Result result = m_watcher->result();
    m_busy = false;
    m_status->clear();
    m_password->clear();
    m_confirm->clear();
    if (!result.op) {
        updateMode(); // another console may have created the first supervisor meanwhile
        setMessage(result.error);
        m_password->setFocus();
        return;
    }
    m_operator = result.op;
    m_signedInUrl = result.roleUrl;
    updateWidgets();
    emit signedIn(*m_operator);
    accept();
}
