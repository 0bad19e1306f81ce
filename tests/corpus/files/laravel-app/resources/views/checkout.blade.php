<script>
    Paddle.Initialize({ token: 'live_d4545e769073b61e8854350cb84' });
</script>
