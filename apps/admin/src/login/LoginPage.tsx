import { Box, Button, Card, CardContent, Typography } from '@mui/material';

/** The sign-in page: Google does the signing in; Hermes lets in only its Admins. */
export const LoginPage = () => (
  <Box sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100' }}>
    <Card sx={{ maxWidth: 420, p: 2 }}>
      <CardContent sx={{ textAlign: 'center' }}>
        <Typography variant="h4" component="h1" gutterBottom>
          Hermes
        </Typography>
        <Typography color="text.secondary" gutterBottom>
          TutorCruncher's sales integration
        </Typography>
        <Button variant="contained" size="large" href="/auth/google" sx={{ mt: 3 }}>
          Sign in with Google
        </Button>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 3 }}>
          Use your work Google account. Only staff who are admins in Hermes can sign in.
        </Typography>
      </CardContent>
    </Card>
  </Box>
);
