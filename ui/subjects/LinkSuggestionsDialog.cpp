// SPDX-License-Identifier: GPL-3.0-or-later
#include "LinkSuggestionsDialog.h"

#include "models/FederatedSearchModel.h"
#include "services/SubjectService.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

LinkSuggestionsDialog::LinkSuggestionsDialog(SubjectService* subjects,
                                             const QList<LinkSuggestion>& suggestions, QWidget* parent)
    : QDialog(parent)
    , m_subjects(subjects)
    , m_suggestions(suggestions)
    , m_list(new QListWidget(this))
    , m_reference(new QLineEdit(this))
    , m_reason(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_confirm(new QPushButton(tr("&Confirm link"), this))
{
    setObjectName(QStringLiteral("linkSuggestionsDialog"));
    setWindowTitle(tr("Possible links"));
    resize(620, 380);
    auto* intro = new QLabel(tr("These records look like the same person but are not linked in the index. "
                                "Confirm only what you have checked."),
                             this);
    intro->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("suggestionList"));
    m_list->setAccessibleName(tr("Suggested links"));
    for (const LinkSuggestion& s : suggestions)
        m_list->addItem(describe(s));
    m_reference->setObjectName(QStringLiteral("suggestionReference"));
    m_reference->setAccessibleName(tr("Subject reference"));
    m_reason->setObjectName(QStringLiteral("suggestionReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("why these records are one person (audited)"));
    m_error->setObjectName(QStringLiteral("suggestionError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_error->hide();
    m_confirm->setObjectName(QStringLiteral("suggestionConfirm"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_confirm, QDialogButtonBox::ActionRole);

    auto* form = new QFormLayout;
    form->addRow(tr("&Subject reference:"), m_reference);
    form->addRow(tr("&Reason:"), m_reason);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0 && row < m_suggestions.size())
            m_reference->setText(m_suggestions.at(row).subjectReference);
        m_reference->setReadOnly(row >= 0 && !m_suggestions.at(row).subjectReference.isEmpty());
        updateWidgets();
    });
    connect(m_reference, &QLineEdit::textChanged, this, &LinkSuggestionsDialog::updateWidgets);
    connect(m_reason, &QLineEdit::textChanged, this, &LinkSuggestionsDialog::updateWidgets);
    connect(m_confirm, &QPushButton::clicked, this, &LinkSuggestionsDialog::confirm);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!suggestions.isEmpty())
        m_list->setCurrentRow(0);
    m_list->setFocus();
    updateWidgets();
}

QString LinkSuggestionsDialog::describe(const LinkSuggestion& s)
{
    const QString first = tr("%1 %2").arg(FederatedSearchModel::providerName(s.provider), s.providerId);
    const QString second =
        tr("%1 %2").arg(FederatedSearchModel::providerName(s.otherProvider), s.otherProviderId);
    const QString on = s.matchedOn == QLatin1String("email") ? tr("same e-mail %1").arg(s.value)
                                                             : tr("same phone %1").arg(s.value);
    return s.subjectReference.isEmpty()
               ? tr("%1 and %2 (%3)").arg(first, second, on)
               : tr("%1 (subject %2) and %3 (%4)").arg(first, s.subjectReference, second, on);
}

QString LinkSuggestionsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LinkSuggestionsDialog::updateWidgets()
{
    QString why;
    if (m_list->currentRow() < 0)
        why = tr("Choose a suggestion.");
    else if (m_reference->text().trimmed().isEmpty())
        why = tr("Neither record belongs to a subject yet: enter the subject reference.");
    else if (m_reason->text().trimmed().isEmpty())
        why = tr("Enter a reason.");
    m_confirm->setEnabled(why.isEmpty());
    m_confirm->setToolTip(why);
}

void LinkSuggestionsDialog::confirm()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_suggestions.size())
        return;
    QString error;
    const QString reference = m_reference->text().trimmed();
    if (!m_subjects->confirm(m_suggestions.at(row), reference, m_reason->text().trimmed(), &error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    emit confirmed(reference);
    accept();
}
