// Đăng ký: the organisation's fields show only when "Tổ chức, doanh nghiệp" is chosen.
// Without script every field shows, and the server checks them by the chosen kind.
(function () {
  var group = document.querySelector("[data-org-fields]");
  var radios = document.querySelectorAll('input[name="account_kind"]');
  if (!group || !radios.length) return;
  function update() {
    var chosen = document.querySelector('input[name="account_kind"]:checked');
    group.hidden = !chosen || chosen.value !== "organisation";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
})();
