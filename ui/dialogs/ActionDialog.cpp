// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionDialog.h"

#include "ActionParameters.h"
#include "PresenceDialog.h"
#include "ProductionConfirmation.h"

#include "providers/ProviderRegistry.h"
#include "services/ActionExecutor.h"
#include "services/ActionService.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

ActionDialog::ActionDialog(ActionService* service, const ActionRequest& request, const QString& person,
                           QWidget* parent)
    : QDialog(parent)
    , m_service(service)
    , m_request(request)
    , m_person(person)
    , m_headline(new QLabel(this))
    , m_production(new QLabel(this))
    , m_description(new QLabel(this))
    , m_approval(new QLabel(this))
    , m_repeat(new QLabel(this))
    , m_details(new QToolButton(this))
    , m_preview(new QPlainTextEdit(this))
    , m_reason(new QLineEdit(this))
    , m_confirmLabel(new QLabel(this))
    , m_confirm(new QLineEdit(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("actionDialog"));
    setWindowTitle(tr("Confirm action — IdentityDesk"));

    m_production->setObjectName(QStringLiteral("actionProductionWarning"));
    m_production->setWordWrap(true);
    m_production->setStyleSheet(
        QStringLiteral("QLabel { background: #b00020; color: white; font-weight: bold; "
                       "padding: 6px; border-radius: 4px; }"));
    m_production->hide();
    m_headline->setObjectName(QStringLiteral("actionHeadline"));
    m_headline->setWordWrap(true);
    m_headline->hide();

    m_description->setObjectName(QStringLiteral("actionDescription"));
    m_description->setWordWrap(true);
    QFont bold = m_description->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_description->setFont(bold);

    m_approval->setObjectName(QStringLiteral("actionApprovalNote"));
    m_approval->setWordWrap(true);

    m_preview->setObjectName(QStringLiteral("actionPreview"));
    m_preview->setAccessibleName(tr("Request that will be sent"));
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setTabChangesFocus(true);
    m_preview->setMinimumHeight(180);
    auto* previewLabel =
        new QLabel(tr("Request that will be sent (the signature is made when it is sent):"), this);
    previewLabel->setWordWrap(true);
    previewLabel->setBuddy(m_preview);
    // The plain words above are what a reviewer reads; the wire request is there for whoever checks.
    m_details->setObjectName(QStringLiteral("actionRequestDetails"));
    m_details->setText(tr("Request &details"));
    m_details->setAccessibleName(tr("Request details"));
    m_details->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_details->setArrowType(Qt::RightArrow);
    m_details->setCheckable(true);
    m_details->setAutoRaise(true);
    previewLabel->hide();
    m_preview->hide();
    connect(m_details, &QToolButton::toggled, this, [this, previewLabel](bool open) {
        m_details->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        previewLabel->setVisible(open);
        m_preview->setVisible(open);
        // Room for the request when it is opened; the plain words stay on top.
        if (open)
            resize(width(), qMax(height(), minimumSizeHint().height() + m_preview->minimumHeight()));
    });

    m_reason->setObjectName(QStringLiteral("actionReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("Why? A case or ticket number and what you checked"));
    m_reason->setMaxLength(1000);
    auto* reasonLabel = new QLabel(tr("&Reason (required, recorded in the audit log):"), this);
    reasonLabel->setBuddy(m_reason);

    m_confirmLabel->setObjectName(QStringLiteral("actionConfirmLabel"));
    m_confirmLabel->setWordWrap(true);
    m_confirmLabel->setBuddy(m_confirm);
    m_confirm->setObjectName(QStringLiteral("actionConfirmation"));
    m_confirm->setAccessibleName(tr("Confirmation"));
    m_confirmLabel->hide();
    m_confirm->hide();

    m_problem->setObjectName(QStringLiteral("actionProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(MessageBanner::errorTextStyleSheet());

    auto* buttons = new QDialogButtonBox(this);
    m_ok = buttons->addButton(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("actionOk"));
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(QStringLiteral("actionCancel"));
    m_cancel->setAccessibleName(tr("Cancel"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!m_ok->isEnabled())
            return;
        if (m_productionProfile.isEmpty()) {
            acceptAfterStepUp();
            return;
        }
        // Production: one more question, naming the environment and the profile, before submitting.
        ProductionConfirmation::ask(this, m_productionProfile, m_description->text(),
                                    [this] { acceptAfterStepUp(); });
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_layout = new QVBoxLayout(this);
    m_layout->addWidget(m_production);
    m_layout->addWidget(m_headline);
    m_layout->addWidget(m_description);
    m_layout->addWidget(m_approval);
    m_layout->addWidget(m_repeat);
    m_layout->addWidget(reasonLabel);
    m_layout->addWidget(m_reason);
    m_layout->addWidget(m_confirmLabel);
    m_layout->addWidget(m_confirm);
    m_layout->addWidget(m_problem);
    m_layout->addWidget(m_details);
    m_layout->addWidget(previewLabel);
    m_layout->addWidget(m_preview, 1);
    m_layout->addStretch(0);
    m_layout->addWidget(buttons);
    resize(620, 360);

    // A repeat of an action still waiting, in flight or unresolved for this person: said, with the way
    // to it, before a second one is asked for.
    m_repeat->setObjectName(QStringLiteral("actionRepeat"));
    m_repeat->setWordWrap(true);
    m_repeat->setTextFormat(Qt::RichText);
    m_repeat->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_repeat->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Warning));
    m_repeat->hide();
    connect(m_repeat, &QLabel::linkActivated, this, [this] {
        const qint64 id = m_repeated;
        reject();
        emit showEarlierAction(id);
    });
    connect(m_reason, &QLineEdit::textChanged, this, &ActionDialog::updateWidgets);
    connect(m_confirm, &QLineEdit::textChanged, this, &ActionDialog::updateWidgets);
    m_reason->setFocus();
    readStore();
    readRequest();
}

void ActionDialog::setParameters(ActionParameters* parameters)
{
    if (m_parameters || !parameters)
        return;
    m_parameters = parameters;
    parameters->setParent(this);
    // Chosen first, right under what the action does to whom.
    const bool grows = parameters->sizePolicy().verticalPolicy() & QSizePolicy::ExpandFlag;
    m_layout->insertWidget(m_layout->indexOf(m_repeat) + 1, parameters, grows ? 3 : 0);
    const QSize wanted = parameters->sizeHint();
    resize(qMax(width(), wanted.width() + 40), height() + wanted.height());
    // Keyboard order: the parameters' own widgets first, then the reason and the buttons.
    QList<QWidget*> order;
    for (QWidget* w = parameters->nextInFocusChain(); w != parameters && parameters->isAncestorOf(w);
         w = w->nextInFocusChain())
        if (w->focusPolicy() & Qt::TabFocus)
            order << w;
    order << m_reason << m_confirm << m_ok << m_cancel << m_details << m_preview;
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));
    connect(parameters, &ActionParameters::changed, this, &ActionDialog::readRequest);
    readRequest();
    parameters->setFocus();
}

void ActionDialog::setDecision(const QString& title, const QString& headline, MessageBanner::Level level,
                               const QString& acceptText)
{
    setWindowTitle(title);
    QFont big = m_headline->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    m_headline->setFont(big);
    m_headline->setStyleSheet(MessageBanner::labelStyleSheet(level));
    m_headline->setText(headline);
    m_headline->show();
    m_acceptText = acceptText;
    readRequest();
}

void ActionDialog::recheck()
{
    readStore();
    readRequest();
}

void ActionDialog::readStore()
{
    m_storeError.clear();
    m_policy = m_service->policy(&m_storeError);
    QString error;
    m_openActions = m_service->openActionsOf(m_request.userId, &error);
}

void ActionDialog::readRequest()
{
    if (m_parameters)
        m_request.params = m_parameters->params();
    ActionExecutor* executor = m_service->executor(m_request.provider);
    const ProviderModule* module = ProviderRegistry::instance().find(m_request.provider);
    m_description->setText(module ? module->describeAction(m_request, m_person)
                                  : (executor ? executor->describe(m_request) : m_request.action));

    m_blocker = m_service->authorisation().requestRestriction(m_request);
    if (m_blocker.isEmpty() && m_parameters)
        m_blocker = m_parameters->problem();
    if (m_blocker.isEmpty() && executor)
        m_blocker = executor->validate(m_request);
    if (executor)
        m_preview->setPlainText(
            QString::fromUtf8(QJsonDocument(executor->preview(m_request)).toJson(QJsonDocument::Indented))
                .trimmed());
    const std::optional<bool> approval =
        m_policy ? std::optional<bool>(m_policy->requiresApproval(m_request)) : std::nullopt;
    if (!approval) {
        if (m_blocker.isEmpty())
            m_blocker = tr("The policy could not be read from the store, so nothing can be sent: %1")
                            .arg(m_storeError);
        m_approval->setText(tr("Approval: unknown (the policy could not be read)."));
    } else {
        m_needsApproval = *approval;
        m_approval->setStyleSheet(*approval ? MessageBanner::labelStyleSheet(MessageBanner::Level::Info)
                                            : QString());
        m_approval->setText(
            *approval ? tr("<b>Needs approval:</b> the policy wants a supervisor's approval. The action "
                           "waits under "
                           "Approvals until a supervisor other than you approves it; nothing is sent before.")
                      : tr("<b>No approval needed:</b> it is sent at once when you confirm."));
    }
    m_repeated = 0;
    m_repeat->hide();
    const std::optional<ActionRecord> earlier =
        m_openActions ? ActionService::repeatIn(*m_openActions, m_request) : std::nullopt;
    if (earlier) {
        m_repeated = earlier->id;
        m_repeat->setText(tr("<b>Already asked:</b> action #%1 does the same to this person and is %2. "
                             "<a href=\"action:%1\">Show action #%1</a> before asking again.")
                              .arg(earlier->id)
                              .arg(stateWords(earlier->state)));
        m_repeat->show();
    }
    m_ok->setText(m_needsApproval          ? tr("&Submit for approval")
                  : m_acceptText.isEmpty() ? tr("&Send now")
                                           : m_acceptText);
    m_ok->setAccessibleName(m_ok->text().remove(QLatin1Char('&')));
    updateWidgets();
}

QString ActionDialog::stateWords(ActionRecord::State state)
{
    switch (state) {
    case ActionRecord::State::PendingApproval:
        return tr("waiting for a supervisor's approval");
    case ActionRecord::State::Approved:
        return tr("approved and about to be sent");
    case ActionRecord::State::Sending:
        return tr("being sent");
    case ActionRecord::State::Unresolved:
        return tr("unresolved (its outcome is unknown)");
    default:
        return ActionRecord::stateName(state);
    }
}

void ActionDialog::setProductionEnvironment(const QString& profileName)
{
    m_production->setText(
        tr("PRODUCTION — profile “%1”: this changes a real person's record at the provider.")
            .arg(profileName));
    m_production->setVisible(true);
    m_productionProfile = profileName;
}

void ActionDialog::setTypedConfirmation(const QString& label, const QString& expected)
{
    m_expectedConfirmation = expected;
    m_confirmLabel->setText(label);
    m_confirmLabel->setVisible(true);
    m_confirm->setVisible(true);
    updateWidgets();
}

void ActionDialog::acceptAfterStepUp()
{
    const ProviderModule* module = ProviderRegistry::instance().find(m_request.provider);
    const std::optional<Operator>& op = m_service->currentOperator();
    const std::optional<PresenceCheck> check = m_service->presenceCheck();
    if (!module || !module->needsStepUp(m_request) || !op || !check) {
        accept();
        return;
    }
    // A destructive action: the password again, as admin consoles ask for protected actions.
    auto* stepUp =
        new PresenceDialog(*check, *op, OperatorService::Presence::StepUp,
                           tr("%1 cannot be undone easily: type your password to confirm that it is "
                              "you who requests it.")
                               .arg(m_description->text().toHtmlEscaped()),
                           this);
    connect(stepUp, &QDialog::finished, stepUp, &QObject::deleteLater);
    connect(stepUp, &PresenceDialog::confirmed, this, &QDialog::accept);
    stepUp->open();
}

ActionRequest ActionDialog::request() const
{
    ActionRequest r = m_request;
    r.reason = m_reason->text().trimmed();
    return r;
}

void ActionDialog::updateWidgets()
{
    QString why = m_blocker;
    if (why.isEmpty() && m_reason->text().trimmed().isEmpty())
        why = tr("Type a reason first.");
    if (why.isEmpty() && !m_expectedConfirmation.isEmpty() &&
        m_confirm->text().trimmed() != m_expectedConfirmation)
        why = tr("Type “%1” to confirm.").arg(m_expectedConfirmation);
    m_ok->setEnabled(why.isEmpty());
    m_ok->setToolTip(why);
    m_problem->setText(m_blocker);
    m_problem->setVisible(!m_blocker.isEmpty());
}
