from django import forms

from motcua.core.fields import DateField

from .models import CounterMethod


class CounterPaymentForm(forms.Form):
    method = forms.ChoiceField(label="Hình thức", choices=CounterMethod.choices)
    # Checked by the service, with every other refusal at once (ErrorCollector).
    amount_vnd = forms.IntegerField(label="Số tiền (đồng)", required=False)
    receipt_no = forms.CharField(
        label="Số chứng từ (biên lai giấy, hóa đơn POS)", max_length=40, required=False
    )


class RefundForm(forms.Form):
    amount_vnd = forms.IntegerField(label="Số tiền hoàn (đồng)", required=False)
    reason = forms.CharField(
        label="Lý do hoàn",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReconcileForm(forms.Form):
    day = DateField(label="Ngày")
    provider = forms.ChoiceField(label="Kênh thanh toán")
    agency = forms.TypedChoiceField(label="Nơi thu", coerce=int)

    def __init__(self, *args, providers=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.code, p.label) for p in providers]
        self.fields["agency"].choices = [(a.pk, a.name) for a in agencies]
